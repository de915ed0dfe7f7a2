import { Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, type ApiBodyOptions, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Attachment, type Caller, PrivateProfile } from '#contracts';
import { Public } from '#common';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentCaller } from '../http/current-caller.decorator.js';
import { MediaProxyService } from './media-proxy.service.js';

const FILE_BODY: ApiBodyOptions = {
  schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
};

const BYTES = { description: 'the bytes (206 with Content-Range for a Range request; 416 when unsatisfiable)', schema: { type: 'string', format: 'binary' } } as const;

/** /api/media: uploads, downloads (token or signed url), thumbnails and public avatars. */
@ApiTags('media')
@Controller('media')
export class MediaController {
  constructor(private readonly media: MediaProxyService) {}

  @Post()
  @ApiBearerAuth()
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOperation({ summary: 'Upload one file (streamed; MEDIA_MAX_BYTES, default 25 MiB); attach it with attachmentIds when sending' })
  @ApiCreatedResponse({ type: Attachment })
  @ApiProblems(400, 401, 413, 429)
  upload(@CurrentCaller() caller: Caller, @Req() req: Request): Promise<Attachment> {
    return this.media.upload(caller, req);
  }

  @Get('avatars/:id')
  @Public()
  @ApiOperation({ summary: 'A public avatar (WebP, 256 px square; ?size=64 for the small one); no token needed' })
  @ApiQuery({ name: 'size', required: false, enum: ['256', '64'] })
  @ApiProduces('image/webp')
  @ApiResponse({ status: 200, ...BYTES })
  @ApiProblems(404)
  avatar(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return this.media.avatar(req, res, id);
  }

  @Get(':id')
  @Public()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The bytes of an upload: with a token (uploader, or a member where it was posted) or the signed url (exp, sig)' })
  @ApiQuery({ name: 'exp', required: false })
  @ApiQuery({ name: 'sig', required: false })
  @ApiProduces('application/octet-stream')
  @ApiResponse({ status: 200, ...BYTES })
  @ApiResponse({ status: 206, ...BYTES })
  @ApiProblems(401, 404)
  download(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return this.media.download(req, res, id, false);
  }

  @Get(':id/thumbnail')
  @Public()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The WebP thumbnail of an image upload (longest side at most 320 px); same access as the bytes' })
  @ApiQuery({ name: 'exp', required: false })
  @ApiQuery({ name: 'sig', required: false })
  @ApiProduces('image/webp')
  @ApiResponse({ status: 200, ...BYTES })
  @ApiProblems(401, 404)
  thumbnail(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return this.media.download(req, res, id, true);
  }
}

/** PUT /api/users/profile/avatar (its own controller: the bytes go to media, the url to users). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users/profile')
export class AvatarController {
  constructor(private readonly media: MediaProxyService) {}

  @Put('avatar')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOperation({ summary: 'Set your avatar from an image: cropped square, stored as 256 px and 64 px WebP; avatarUrl is public' })
  @ApiOkResponse({ type: PrivateProfile })
  @ApiProblems(400, 401, 413, 429)
  setAvatar(@CurrentCaller() caller: Caller, @Req() req: Request): Promise<PrivateProfile> {
    return this.media.setAvatar(caller, req);
  }
}
