import type React from 'react';
import { useState } from 'react';
import type { Role } from './types';

const ROLE_WORDS: Record<Role, string> = { consumer: 'consumer', platform: 'platform team', admin: 'administrator' };

/**
 * A user's role, changed only once confirmed in the page: choosing another role shows what will
 * happen and asks to confirm (nothing is applied on change). The change is audited by the server.
 */
export function RoleControl(props: { name: string; email: string; role: Role; onChange: (role: Role) => Promise<void> }): React.JSX.Element {
  const [chosen, setChosen] = useState<Role>(props.role);
  const [busy, setBusy] = useState(false);
  const pending = chosen !== props.role;
  return (
    <div>
      <select aria-label={`Role of ${props.email}`} value={chosen} onChange={(event) => setChosen(event.target.value as Role)}>
        {(Object.keys(ROLE_WORDS) as Role[]).map((role) => (
          <option key={role} value={role}>
            {ROLE_WORDS[role]}
          </option>
        ))}
      </select>
      {pending ? (
        <div className="margin-top--xs" data-testid="role-confirm">
          <small>
            Make {props.name} {ROLE_WORDS[chosen]} (now {ROLE_WORDS[props.role]})?
          </small>{' '}
          <button
            type="button"
            className="button button--sm button--primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await props.onChange(chosen);
              } finally {
                setBusy(false);
              }
            }}
          >
            Confirm
          </button>{' '}
          <button type="button" className="button button--sm button--secondary" onClick={() => setChosen(props.role)}>
            Cancel
          </button>
        </div>
      ) : null}
    </div>
  );
}
