import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** Marks a route that needs no access token (the gateway's JWT guard is global; /health and /metrics are public). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
