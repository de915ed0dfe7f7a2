import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, BANNER_CODES } from '../api/api-client.js';
import { ABORTED, uploadFile } from '../api/upload.js';
import type { Attachment } from '../api/types.js';
import type { ChatStore } from './chat-store.js';

/** The contract's cap on attachmentIds per message. */
export const MAX_ATTACHMENTS = 10;

export interface Upload {
  key: string;
  file: File;
  status: 'uploading' | 'done' | 'failed';
  progress: number;
  error?: string;
  attachment?: Attachment;
}

let nextKey = 0;

/** The files going into the next message of one composer: each uploads at once, with progress, cancel and errors. */
export function useUploads(store: ChatStore) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const aborts = useRef(new Map<string, () => void>());

  const patch = useCallback((key: string, change: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u))), []);

  // The list as last rendered: `add` counts what is already there without starting uploads inside a state updater.
  const current = useRef<Upload[]>([]);
  current.current = uploads;

  const add = useCallback(
    (files: File[]) => {
      const room = Math.max(0, MAX_ATTACHMENTS - current.current.filter((u) => u.status !== 'failed').length);
      const added = files.map((file, i): Upload => {
        const key = `upload-${++nextKey}`;
        if (i >= room) return { key, file, status: 'failed', progress: 0, error: `At most ${MAX_ATTACHMENTS} files per message` };
        const handle = uploadFile(store.api, file, (progress) => patch(key, { progress }));
        aborts.current.set(key, () => handle.abort());
        handle.result
          .then(
            (attachment) => patch(key, { status: 'done', progress: 1, attachment }),
            (error: unknown) => {
              if (error instanceof ApiError && error.code === ABORTED) return;
              if (error instanceof ApiError && BANNER_CODES.has(error.code)) store.showBanner(error.code, error.message);
              patch(key, { status: 'failed', error: error instanceof ApiError ? `${error.code}: ${error.message}` : 'Upload failed' });
            },
          )
          .finally(() => aborts.current.delete(key));
        return { key, file, status: 'uploading', progress: 0 };
      });
      current.current = [...current.current, ...added];
      setUploads((all) => [...all, ...added]);
    },
    [store, patch],
  );

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.();
    aborts.current.delete(key);
    setUploads((all) => all.filter((u) => u.key !== key));
  }, []);

  /** After a send: the finished uploads went with the message; failed ones are dropped too. */
  const clear = useCallback(() => setUploads((all) => all.filter((u) => u.status === 'uploading')), []);

  /** Another conversation opened: what was meant for this one is stopped and dropped. */
  const reset = useCallback(() => {
    for (const abort of aborts.current.values()) abort();
    aborts.current.clear();
    current.current = [];
    setUploads([]);
  }, []);

  // Leaving the conversation stops what is still uploading.
  useEffect(() => {
    const pending = aborts.current;
    return () => {
      for (const abort of pending.values()) abort();
    };
  }, []);

  const ready = uploads.flatMap((u) => (u.status === 'done' && u.attachment ? [u.attachment] : []));
  const busy = uploads.some((u) => u.status === 'uploading');
  return { uploads, add, remove, clear, reset, ready, busy };
}
