import { expect, it } from '@jest/globals';
import { newId } from '#common';
import { repositoryContract } from '#common/testing';
import { mediaRepositoryFactories } from '../testing/media-repositories.fixture.js';
import type { UploadRecord } from './upload.entity.js';

const t = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n));

function upload(ownerId: string, sha: string, createdAt = t(0)): UploadRecord {
  return {
    id: newId(),
    ownerId,
    name: 'a.png',
    contentType: 'image/png',
    size: 10,
    sha256: sha,
    width: 2,
    height: 1,
    blobKey: `u/${ownerId}/${sha}`,
    hasThumbnail: true,
    createdAt,
    messageId: null,
    conversationId: null,
    position: null,
  };
}

repositoryContract('UploadRepository', mediaRepositoryFactories, (repos) => {
  it('stores an upload and counts the references to its blob', async () => {
    const owner = newId();
    const a = upload(owner, 'aa');
    const b = upload(owner, 'aa');
    expect(await repos().uploads.insert(a)).toBe(1);
    expect(await repos().uploads.insert(b)).toBe(2);
    expect(await repos().uploads.findById(a.id)).toEqual(a);
    expect(await repos().uploads.blobRefs(a.blobKey)).toBe(2);
    expect(await repos().uploads.findById(newId())).toBeNull();
  });

  it('claims all or nothing: the owner only, one message only, again for the same message is fine', async () => {
    const [owner, other] = [newId(), newId()];
    const a = upload(owner, 'a1');
    const b = upload(owner, 'b1');
    const theirs = upload(other, 'c1');
    for (const u of [a, b, theirs]) await repos().uploads.insert(u);
    expect(await repos().uploads.claim([a.id, theirs.id], owner, 'm1', 'c')).toEqual({ outcome: 'not_found' });
    expect(await repos().uploads.claim([a.id, 'missing'], owner, 'm1', 'c')).toEqual({ outcome: 'not_found' });
    expect((await repos().uploads.findById(a.id))?.messageId).toBeNull();
    const claimed = await repos().uploads.claim([b.id, a.id], owner, 'm1', 'c');
    expect(claimed.outcome).toBe('claimed');
    if (claimed.outcome === 'claimed') expect(claimed.uploads.map((u) => [u.id, u.messageId, u.position])).toEqual([[b.id, 'm1', 0], [a.id, 'm1', 1]]);
    expect((await repos().uploads.claim([b.id], owner, 'm1', 'c')).outcome).toBe('claimed');
    expect(await repos().uploads.claim([a.id], owner, 'm2', 'c')).toEqual({ outcome: 'already_attached' });
    expect((await repos().uploads.forMessages(['m1', 'm2'])).map((u) => u.id)).toEqual([b.id, a.id]);
  });

  it('frees a blob only when its last upload goes (message release, collector, failed ingest)', async () => {
    const owner = newId();
    const a = upload(owner, 'dd', t(1));
    const b = upload(owner, 'dd', t(2));
    const lonely = upload(owner, 'ee', t(3));
    for (const u of [a, b, lonely]) await repos().uploads.insert(u);
    await repos().uploads.claim([a.id], owner, 'm1', 'c');
    await repos().uploads.claim([b.id], owner, 'm2', 'c');
    expect(await repos().uploads.removeForMessage('m1')).toEqual([]);
    expect(await repos().uploads.findById(a.id)).toBeNull();
    expect(await repos().uploads.removeForMessage('m2')).toEqual([b.blobKey]);
    expect(await repos().uploads.blobRefs(b.blobKey)).toBe(0);
    // The collector takes unattached uploads older than the cut-off only.
    expect(await repos().uploads.removeUnattached(t(3), 10)).toEqual([]);
    expect(await repos().uploads.removeUnattached(t(4), 10)).toEqual([lonely.blobKey]);
    const failed = upload(owner, 'ff');
    await repos().uploads.insert(failed);
    expect(await repos().uploads.remove(failed.id)).toEqual([failed.blobKey]);
    expect(await repos().uploads.remove(failed.id)).toEqual([]);
  });
});
