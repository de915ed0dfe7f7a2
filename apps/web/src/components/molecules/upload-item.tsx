import { Button } from '../atoms/button.js';
import { formatBytes } from './attachment-list.js';

export type UploadStatus = 'uploading' | 'done' | 'failed';

export interface UploadItemProps {
  name: string;
  size: number;
  status: UploadStatus;
  /** 0..1 while uploading. */
  progress: number;
  error?: string;
  /** Stops an upload in flight, or drops a finished or failed one from the message. */
  onRemove: () => void;
}

/** A file on its way into the next message: a progress bar while it uploads, then ready or the reason it failed. */
export function UploadItem({ name, size, status, progress, error, onRemove }: UploadItemProps) {
  const percent = Math.round(progress * 100);
  return (
    <li className={`upload-item ${status}`} data-testid="upload-item">
      <span className="upload-name">{name}</span> <span className="muted">{formatBytes(size)}</span>
      {status === 'uploading' && (
        <progress max={100} value={percent} aria-label={`Uploading ${name}`}>
          {percent}%
        </progress>
      )}
      {status === 'done' && <span className="upload-state">Ready</span>}
      {status === 'failed' && (
        <span className="upload-state failed" role="alert">
          {error ?? 'Upload failed'}
        </span>
      )}
      <Button variant="link" onClick={onRemove} aria-label={`${status === 'uploading' ? 'Cancel upload of' : 'Remove'} ${name}`}>
        {status === 'uploading' ? 'Cancel' : 'Remove'}
      </Button>
    </li>
  );
}
