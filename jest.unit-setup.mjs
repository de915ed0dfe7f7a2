// Unit specs build services without Nest's logger module: keep the console for test output only.
import { Logger } from '@nestjs/common';

Logger.overrideLogger(false);
