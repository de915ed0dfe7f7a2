export interface PresenceDotProps {
  status: 'online' | 'offline';
}

export function PresenceDot({ status }: PresenceDotProps) {
  return <span className={`presence presence-${status}`} role="img" aria-label={status} title={status} />;
}
