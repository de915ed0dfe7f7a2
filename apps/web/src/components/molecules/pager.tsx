import { Button } from '../atoms/button.js';

export interface PagerProps {
  /** What is paged, for the buttons' names ("users" → "Next page of users"). */
  what: string;
  page: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}

export function Pager({ what, page, hasNext, onPrevious, onNext }: PagerProps) {
  if (page === 1 && !hasNext) return null;
  return (
    <nav className="pager" aria-label={`Pages of ${what}`}>
      <Button onClick={onPrevious} disabled={page === 1} aria-label={`Previous page of ${what}`}>
        ← Previous
      </Button>
      <span aria-live="polite">Page {page}</span>
      <Button onClick={onNext} disabled={!hasNext} aria-label={`Next page of ${what}`}>
        Next →
      </Button>
    </nav>
  );
}
