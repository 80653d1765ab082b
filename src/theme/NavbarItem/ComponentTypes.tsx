import ComponentTypes from '@theme-original/NavbarItem/ComponentTypes';
import AccountNavbarItem from './AccountNavbarItem';

// Adds the `custom-account` navbar item (who is signed in) to the theme's item types.
export default {
  ...ComponentTypes,
  'custom-account': AccountNavbarItem,
};
