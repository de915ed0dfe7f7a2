import { Controller, Get, Header } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { Public } from '../http-public.decorator.js';

collectDefaultMetrics({ register });

/** Prometheus scrape endpoint (process and Node.js runtime metrics plus any the app registers). */
@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
