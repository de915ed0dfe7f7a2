import { useRef, useState, type DragEvent, type ReactNode } from 'react';

export interface DropZoneProps {
  /** What the drop is for ("Drop files to attach to the message"). */
  label: string;
  onFiles: (files: File[]) => void;
  className?: string;
  children: ReactNode;
}

const carriesFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files');

/** Wraps an area that takes dropped files, and shows where to drop while files are dragged over it. */
export function DropZone({ label, onFiles, className, children }: DropZoneProps) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them, so the overlay does not flicker.
  const depth = useRef(0);

  return (
    <div
      className={`drop-zone${over ? ' dragging' : ''}${className ? ` ${className}` : ''}`}
      onDragEnter={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      }}
    >
      {children}
      {over && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          {label}
        </div>
      )}
    </div>
  );
}
