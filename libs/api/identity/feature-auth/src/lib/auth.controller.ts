import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authorize, ClientIp, CurrentIdentity, Public, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { LoginResponse, MeResponse } from '@dahe/shared/contracts';
import { AuthService } from './auth.service';
import { clearSessionCookies, setSessionCookies } from './cookies';
import { ChangePasswordDto, EnableTotpDto, LoginDto, SetActiveOrgDto } from './dto/auth.dto';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @ClientIp() ip: string | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    const { token, accessToken, expiresAt } = await this.auth.login(body.username, body.password, body.totp, { ip, userAgent: req.headers['user-agent'] });
    setSessionCookies(req, res, token, new Date(expiresAt));
    return { accessToken, expiresAt };
  }

  @Authorize('read', 'User', { allowBeforeTotpEnrolment: true })
  @Post('auth/logout')
  @HttpCode(204)
  async logout(@CurrentIdentity() identity: RequestIdentity, @ClientIp() ip: string | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(identity, { ip });
    clearSessionCookies(req, res);
  }

  @Authorize('update', 'User', { allowBeforeTotpEnrolment: true })
  @Post('auth/password')
  @HttpCode(204)
  async changePassword(@CurrentIdentity() identity: RequestIdentity, @Body() body: ChangePasswordDto, @ClientIp() ip: string | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.changePassword(identity, body.currentPassword, body.newPassword, { ip });
    clearSessionCookies(req, res);
  }

  @Authorize('read', 'User', { allowBeforeTotpEnrolment: true })
  @Get('me')
  me(@CurrentIdentity() identity: RequestIdentity): Promise<MeResponse> {
    return this.auth.me(identity);
  }

  @Authorize('read', 'Organisation')
  @Post('me/active-org')
  @HttpCode(200)
  switchOrganisation(@CurrentIdentity() identity: RequestIdentity, @Body() body: SetActiveOrgDto, @ClientIp() ip: string | undefined): Promise<MeResponse> {
    return this.auth.switchOrganisation(identity, body.organisationId, { ip });
  }

  @Authorize('update', 'User', { allowBeforeTotpEnrolment: true })
  @Post('auth/totp/setup')
  @HttpCode(200)
  setupTotp(@CurrentIdentity() identity: RequestIdentity): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
    return this.auth.setupTotp(identity);
  }

  @Authorize('update', 'User', { allowBeforeTotpEnrolment: true })
  @Post('auth/totp/enable')
  @HttpCode(200)
  enableTotp(@CurrentIdentity() identity: RequestIdentity, @Body() body: EnableTotpDto, @ClientIp() ip: string | undefined): Promise<{ recoveryCodes: string[] }> {
    return this.auth.enableTotp(identity, body.code, { ip });
  }
}
