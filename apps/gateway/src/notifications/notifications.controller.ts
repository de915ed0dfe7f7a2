import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Caller,
  NOTIFICATIONS_SUBJECTS,
  NotificationPreferences,
  PushSubscriptionBody,
  PushSubscriptionList,
  PushSubscriptionRef,
  VapidPublicKey,
} from '#contracts';
import { Public, RpcClient } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('vapid-public-key')
  @Public()
  @ApiOperation({ summary: "The server's VAPID public key: pass it as applicationServerKey to pushManager.subscribe()" })
  @ApiOkResponse({ type: VapidPublicKey })
  @ApiProblems(503)
  vapidPublicKey(): Promise<VapidPublicKey> {
    return this.rpc.request(NOTIFICATIONS_SUBJECTS.vapidPublicKey, {});
  }

  @Post('push-subscriptions')
  @ApiOperation({
    summary: "Register a browser's PushSubscription (same endpoint again: same id; the 10 newest per user are kept)",
    description: 'The endpoint must be https:// on a public address (server-side request forgery guard).',
  })
  @ApiCreatedResponse({ type: PushSubscriptionRef })
  @ApiProblems(400, 401, 429)
  subscribe(@CurrentCaller() caller: Caller, @Body() body: PushSubscriptionBody): Promise<PushSubscriptionRef> {
    return this.rpc.request(NOTIFICATIONS_SUBJECTS.subscribePush, { ...body, caller });
  }

  @Get('push-subscriptions')
  @ApiOperation({ summary: 'Your push subscriptions, newest first' })
  @ApiOkResponse({ type: PushSubscriptionList })
  @ApiProblems(401)
  list(@CurrentCaller() caller: Caller): Promise<PushSubscriptionList> {
    return this.rpc.request(NOTIFICATIONS_SUBJECTS.listPushSubscriptions, { caller });
  }

  @Delete('push-subscriptions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove one of your push subscriptions' })
  @ApiNoContentResponse()
  @ApiProblems(401, 404, 429)
  remove(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<void> {
    return this.rpc.request(NOTIFICATIONS_SUBJECTS.deletePushSubscription, { caller, id });
  }

  @Get('preferences')
  @ApiOperation({ summary: 'Your notification preferences (defaults: push on, email never)' })
  @ApiOkResponse({ type: NotificationPreferences })
  @ApiProblems(401)
  preferences(@CurrentCaller() caller: Caller): Promise<NotificationPreferences> {
    return this.rpc.request(NOTIFICATIONS_SUBJECTS.getPreferences, { caller });
  }

  @Put('preferences')
  @ApiOperation({ summary: 'Replace your notification preferences' })
  @ApiOkResponse({ type: NotificationPreferences })
  @ApiProblems(400, 401, 429)
  updatePreferences(@CurrentCaller() caller: Caller, @Body() body: NotificationPreferences): Promise<NotificationPreferences> {
    return this.rpc.request(NOTIFICATIONS_SUBJECTS.updatePreferences, { ...body, caller });
  }
}
