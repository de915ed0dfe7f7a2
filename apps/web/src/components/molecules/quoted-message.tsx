export interface QuotedMessageProps {
  author: string;
  /** The original's first 200 code points as it is now (the server keeps the quote live). */
  content: string;
  deleted: boolean;
}

export function QuotedMessage({ author, content, deleted }: QuotedMessageProps) {
  return (
    <blockquote className="quoted-message" aria-label={`Reply to ${author}`}>
      <span className="quoted-author">{author}</span>
      <span className={`quoted-body${deleted ? ' deleted' : ''}`}>{deleted ? 'Message deleted' : content}</span>
    </blockquote>
  );
}
