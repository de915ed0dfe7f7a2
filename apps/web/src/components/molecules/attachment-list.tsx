import type { Attachment } from '../../api/types.js';
import { PaperclipIcon } from '../atoms/paperclip-icon.js';

const UNITS = ['B', 'KB', 'MB', 'GB'];

/** 1536 → "1.5 KB" (powers of 1024, as file managers show). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export type AttachmentView = Pick<Attachment, 'id' | 'name' | 'size' | 'url' | 'thumbnailUrl' | 'width' | 'height'>;

/** An image: its thumbnail at its final size (no layout shift), a link to the full image. */
export function AttachmentImage({ attachment }: { attachment: AttachmentView }) {
  const { name, url, thumbnailUrl, width, height } = attachment;
  // The thumbnail's longest side is at most 320 px: the same scale applied to the image's size.
  const scale = width && height ? Math.min(1, 320 / Math.max(width, height)) : 1;
  return (
    <a className="attachment-image" href={url} target="_blank" rel="noopener noreferrer" aria-label={`Open image ${name}`}>
      <img
        src={thumbnailUrl ?? url}
        alt={name}
        width={width ? Math.round(width * scale) : undefined}
        height={height ? Math.round(height * scale) : undefined}
        loading="lazy"
      />
    </a>
  );
}

/** Any other file: a chip that downloads it, with its name and size. */
export function AttachmentChip({ attachment }: { attachment: AttachmentView }) {
  const { name, size, url } = attachment;
  return (
    <a className="attachment-chip" href={url} download={name} aria-label={`Download ${name}, ${formatBytes(size)}`}>
      <PaperclipIcon /> <span className="attachment-name">{name}</span> <span className="muted">{formatBytes(size)}</span>
    </a>
  );
}

/** A message's attachments: images first as thumbnails, then the other files as chips. */
export function AttachmentList({ attachments }: { attachments: readonly AttachmentView[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {attachments.map((a) => (
        <li key={a.id}>{a.thumbnailUrl ? <AttachmentImage attachment={a} /> : <AttachmentChip attachment={a} />}</li>
      ))}
    </ul>
  );
}
