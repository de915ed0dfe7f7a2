import { Global, Module } from '@nestjs/common';
import { Readiness } from './readiness.js';

/** Readiness checks for the internal port (InternalServer); every process has them. */
@Global()
@Module({
  providers: [Readiness],
  exports: [Readiness],
})
export class HealthModule {}
