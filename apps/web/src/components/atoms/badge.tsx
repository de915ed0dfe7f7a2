export interface BadgeProps {
  count: number;
  /** What is counted, for screen readers ("unread messages"). */
  label: string;
  className?: string;
  /** Shown instead of the number (the label still says it). */
  text?: string;
}

/** A count bubble; nothing at zero. Large counts are capped for the eye, not for the ear. */
export function Badge({ count, label, className, text }: BadgeProps) {
  if (count <= 0) return null;
  return (
    <span className={`badge${className ? ` ${className}` : ''}`} aria-label={`${count} ${label}`} data-testid="badge">
      {text ?? (count > 99 ? '99+' : count)}
    </span>
  );
}
