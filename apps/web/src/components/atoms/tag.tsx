export interface TagProps {
  children: string;
  tone?: 'neutral' | 'warning' | 'strong';
}

/** A short status word next to a name ("disabled", "admin", "open"). */
export function Tag({ children, tone = 'neutral' }: TagProps) {
  return <span className={`tag tag-${tone}`}>{children}</span>;
}
