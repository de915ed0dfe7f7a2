import { Controller, Get } from '@nestjs/common';
import { Public } from '../http-public.decorator.js';

/** The gateway's public port answers only liveness; readiness details and metrics are on the internal port. */
@Public()
@Controller('health')
export class LivenessController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
