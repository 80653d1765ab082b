import type React from 'react';
import styles from './styles.module.css';

export default function VisibilityBadge({ visibility }: { visibility: string }): React.JSX.Element {
  const isPrivate = visibility === 'private';
  return (
    <span
      className={isPrivate ? styles.badgePrivate : styles.badgePublic}
      title={isPrivate ? 'Full documentation on approval by the API owners' : 'Open to everyone'}
      data-visibility={visibility}
    >
      {isPrivate ? 'Private' : 'Public'}
    </span>
  );
}
