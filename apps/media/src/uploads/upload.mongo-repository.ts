import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { BLOB_REF_MODEL, UPLOAD_MODEL } from '../storage/media.mongo-schemas.js';
import type { ClaimOutcome, UploadRecord } from './upload.entity.js';
import { UploadRepository } from './upload.repository.js';

type UploadDocument = Omit<UploadRecord, 'id'> & { _id: string };
interface BlobRefDocument {
  _id: string;
  refs: number;
}

const toUpload = ({ _id, ...rest }: UploadDocument): UploadRecord => ({ id: _id, ...rest });

/**
 * MongoDB adapter. Without multi-document transactions (a standalone server has none), each step is one
 * atomic single-document update, ordered so that a crash leaves at worst a blob with one reference too many
 * (kept, never lost), and a claim that lost a race undoes its own part.
 */
@Injectable()
export class MongoUploadRepository extends UploadRepository {
  constructor(
    @InjectModel(UPLOAD_MODEL) private readonly uploads: Model<UploadDocument>,
    @InjectModel(BLOB_REF_MODEL) private readonly blobs: Model<BlobRefDocument>,
  ) {
    super();
  }

  async insert(upload: UploadRecord): Promise<number> {
    const ref = await this.blobs.findOneAndUpdate({ _id: upload.blobKey }, { $inc: { refs: 1 } }, { upsert: true, new: true }).lean<BlobRefDocument>().exec();
    const { id, ...rest } = upload;
    await this.uploads.create({ _id: id, ...rest });
    return ref?.refs ?? 1;
  }

  async findById(id: string): Promise<UploadRecord | null> {
    const doc = await this.uploads.findById(id).lean<UploadDocument>().exec();
    return doc ? toUpload(doc) : null;
  }

  async blobRefs(blobKey: string): Promise<number> {
    return (await this.blobs.findById(blobKey).lean<BlobRefDocument>().exec())?.refs ?? 0;
  }

  async claim(ids: string[], ownerId: string, messageId: string, conversationId: string): Promise<ClaimOutcome> {
    const docs = await this.uploads.find({ _id: { $in: ids } }).lean<UploadDocument[]>().exec();
    const byId = new Map(docs.map((d) => [d._id, d]));
    if (ids.some((id) => byId.get(id)?.ownerId !== ownerId)) return { outcome: 'not_found' };
    if (docs.some((d) => d.messageId !== null && d.messageId !== messageId)) return { outcome: 'already_attached' };
    for (const [position, id] of ids.entries()) {
      const updated = await this.uploads
        .updateOne({ _id: id, $or: [{ messageId: null }, { messageId }] }, { $set: { messageId, conversationId, position } })
        .exec();
      if (updated.matchedCount === 0) {
        // Another message claimed it meanwhile: give back what this claim took.
        await this.uploads.updateMany({ _id: { $in: ids }, messageId }, { $set: { messageId: null, conversationId: null, position: null } }).exec();
        return { outcome: 'already_attached' };
      }
    }
    const claimed = await this.uploads.find({ _id: { $in: ids } }).lean<UploadDocument[]>().exec();
    const claimedById = new Map(claimed.map((d) => [d._id, toUpload(d)]));
    return { outcome: 'claimed', uploads: ids.flatMap((id) => claimedById.get(id) ?? []) };
  }

  async forMessages(messageIds: string[]): Promise<UploadRecord[]> {
    const docs = await this.uploads.find({ messageId: { $in: messageIds } }).sort({ messageId: 1, position: 1 }).lean<UploadDocument[]>().exec();
    return docs.map(toUpload);
  }

  async removeForMessage(messageId: string): Promise<string[]> {
    return this.removeAll(await this.uploads.find({ messageId }).lean<UploadDocument[]>().exec());
  }

  async removeUnattached(before: Date, limit: number): Promise<string[]> {
    return this.removeAll(await this.uploads.find({ messageId: null, createdAt: { $lt: before } }).sort({ createdAt: 1 }).limit(limit).lean<UploadDocument[]>().exec());
  }

  async remove(id: string): Promise<string[]> {
    return this.removeAll(await this.uploads.find({ _id: id }).lean<UploadDocument[]>().exec());
  }

  private async removeAll(docs: UploadDocument[]): Promise<string[]> {
    const freed: string[] = [];
    for (const doc of docs) {
      if ((await this.uploads.deleteOne({ _id: doc._id }).exec()).deletedCount === 0) continue;
      const left = await this.blobs.findOneAndUpdate({ _id: doc.blobKey }, { $inc: { refs: -1 } }, { new: true }).lean<BlobRefDocument>().exec();
      if (!left || left.refs <= 0) {
        await this.blobs.deleteOne({ _id: doc.blobKey, refs: { $lte: 0 } }).exec();
        freed.push(doc.blobKey);
      }
    }
    return freed;
  }
}
