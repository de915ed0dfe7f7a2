import { Payload } from '@nestjs/microservices';
import { CHAT_SUBJECTS, SearchCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { SearchService } from './search.service.js';

@RpcController()
export class SearchHandler {
  constructor(private readonly searchService: SearchService) {}

  @RpcHandler(CHAT_SUBJECTS.search)
  search(@Payload() cmd: SearchCommand) {
    return this.searchService.find(cmd);
  }
}
