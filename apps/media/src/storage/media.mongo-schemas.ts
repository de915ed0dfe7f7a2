import { Schema } from 'mongoose';

export const UPLOAD_MODEL = 'Upload';
export const BLOB_REF_MODEL = 'BlobRef';

export const UploadSchema = new Schema(
  {
    _id: { type: String, required: true },
    ownerId: { type: String, required: true },
    name: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    width: { type: Number, default: null },
    height: { type: Number, default: null },
    blobKey: { type: String, required: true },
    hasThumbnail: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    messageId: { type: String, default: null },
    conversationId: { type: String, default: null },
    position: { type: Number, default: null },
  },
  { collection: 'uploads', versionKey: false, autoIndex: true },
);
UploadSchema.index({ messageId: 1, position: 1 }, { partialFilterExpression: { messageId: { $type: 'string' } } });
UploadSchema.index({ createdAt: 1 }, { partialFilterExpression: { messageId: null } });

export const BlobRefSchema = new Schema(
  {
    _id: { type: String, required: true },
    refs: { type: Number, required: true },
  },
  { collection: 'blob_refs', versionKey: false, autoIndex: true },
);

export const MEDIA_MONGO_MODELS = [
  { name: UPLOAD_MODEL, schema: UploadSchema },
  { name: BLOB_REF_MODEL, schema: BlobRefSchema },
];
