export interface BadgeProps {
  count: number;
  /** What is counted, for screen readers ("unread messages"). */
  label: string;
}

/** A count bubble; nothing at zero. Large counts are capped for the eye, not for the ear. */
export function Badge({ count, label }: BadgeProps) {
  if (count <= 0) return null;
  return (
    <span className="badge" aria-label={`${count} ${label}`} data-testid="badge">
      {count > 99 ? '99+' : count}
    </span>
  );
}
