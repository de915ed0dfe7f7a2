import { Button } from '../atoms/button.js';

export interface AlertBannerProps {
  code: string;
  message: string;
  onDismiss: () => void;
}

const TITLES: Record<string, string> = {
  SERVICE_UNAVAILABLE: 'The server is temporarily unavailable',
  RATE_LIMITED: 'Slow down: too many requests',
};

export function AlertBanner({ code, message, onDismiss }: AlertBannerProps) {
  return (
    <div className="alert" role="alert" data-code={code}>
      <strong>{TITLES[code] ?? code}</strong> <span>{message}</span>
      <Button variant="link" onClick={onDismiss} aria-label="Dismiss alert">
        ×
      </Button>
    </div>
  );
}
