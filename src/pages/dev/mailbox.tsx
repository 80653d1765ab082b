import type React from 'react';
import { useEffect, useState } from 'react';
import { api } from '../../portal/api-client';
import { PortalPage } from '../../portal/PortalPage';

interface Message {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  createdAt: number;
}

/** Development only: the email the portal would have sent (the API answers 404 elsewhere). */
export default function DevMailboxPage(): React.JSX.Element {
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<{ messages: Message[] }>('/dev/mailbox').then((result) =>
      result.ok ? setMessages(result.messages) : setError('The dev mailbox exists only in development, when no email provider is configured.'),
    );
  }, []);
  return (
    <PortalPage title="Dev mailbox" wide>
      {error ? <p>{error}</p> : null}
      {messages?.length === 0 ? <p>No email yet.</p> : null}
      {messages?.map((message) => (
        <article key={message.id} className="card margin-bottom--md" data-testid="dev-mail">
          <div className="card__header">
            <strong>{message.subject}</strong> — to {message.to} · {new Date(message.createdAt).toLocaleString()} · {message.status}
          </div>
          <div className="card__body">
            <pre style={{ whiteSpace: 'pre-wrap' }}>{linkify(message.text)}</pre>
          </div>
        </article>
      ))}
    </PortalPage>
  );
}

function linkify(text: string): React.ReactNode[] {
  return text.split(/(https?:\/\/\S+)/g).map((part, index) =>
    /^https?:\/\//.test(part) ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, never reordered
      <a key={index} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}
