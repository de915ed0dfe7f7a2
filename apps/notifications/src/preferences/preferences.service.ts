import { Injectable } from '@nestjs/common';
import type { NotificationPreferences, SessionCommand, UpdatePreferencesCommand } from '#contracts';
import { DEFAULT_PREFERENCES, PreferenceRepository } from './preference.repository.js';

@Injectable()
export class PreferencesService {
  constructor(private readonly preferences: PreferenceRepository) {}

  async get({ caller }: SessionCommand): Promise<NotificationPreferences> {
    return (await this.preferences.get(caller.userId)) ?? DEFAULT_PREFERENCES;
  }

  async update({ caller, push, email }: UpdatePreferencesCommand): Promise<NotificationPreferences> {
    await this.preferences.put(caller.userId, { push, email }, new Date());
    return { push, email };
  }
}
