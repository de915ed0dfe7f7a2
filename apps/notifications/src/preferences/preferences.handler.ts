import { Payload } from '@nestjs/microservices';
import { NOTIFICATIONS_SUBJECTS, SessionCommand, UpdatePreferencesCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { PreferencesService } from './preferences.service.js';

@RpcController()
export class PreferencesHandler {
  constructor(private readonly preferences: PreferencesService) {}

  @RpcHandler(NOTIFICATIONS_SUBJECTS.getPreferences)
  get(@Payload() cmd: SessionCommand) {
    return this.preferences.get(cmd);
  }

  @RpcHandler(NOTIFICATIONS_SUBJECTS.updatePreferences)
  update(@Payload() cmd: UpdatePreferencesCommand) {
    return this.preferences.update(cmd);
  }
}
