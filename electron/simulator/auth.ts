import type { TokenStore } from './tokens.js';
import { XML_ROOTS, commvaultError, type Reply } from './reply.js';

/** The one account that can sign in, and how many failures in a row lock it, for how long. */
export interface Account {
  user: string;
  password: string;
  lockAfter: number;
  lockSeconds: number;
}

/** Login, RenewLoginToken, Logout and WhoAmI as a CommServe answers them, with its account lock-out. */
export class SimulatorAuth {
  private readonly everIssued = new Set<string>();
  private readonly failedLogins = new Map<string, { count: number; lockedUntilMs: number }>();

  constructor(
    private readonly account: Account,
    private readonly tokens: TokenStore,
  ) {}

  /** The user signed in with this token (its idle clock restarts), or undefined when it is unknown or expired. */
  userOf(token: string | undefined): string | undefined {
    return this.tokens.use(token);
  }

  login(body: string): Reply {
    let request: { username?: unknown; password?: unknown; deviceId?: unknown; timeout?: unknown };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      return commvaultError(400, 2, 'Invalid login request.');
    }
    const username = typeof request.username === 'string' ? request.username : '';
    const password =
      typeof request.password === 'string' ? Buffer.from(request.password, 'base64').toString('utf8') : '';
    const record = this.failedLogins.get(username.toLowerCase()) ?? { count: 0, lockedUntilMs: 0 };
    if (record.lockedUntilMs > Date.now()) {
      return {
        status: 200,
        body: {
          isAccountLocked: true,
          remainingLockTime: Math.ceil((record.lockedUntilMs - Date.now()) / 1000),
          errList: [{ errorCode: 1116, errLogMessage: 'User account is locked. Please contact your administrator.' }],
        },
        rootName: XML_ROOTS.login,
      };
    }
    if (username.toLowerCase() !== this.account.user.toLowerCase() || password !== this.account.password) {
      record.count += 1;
      if (record.count >= this.account.lockAfter) {
        record.lockedUntilMs = Date.now() + this.account.lockSeconds * 1000;
        record.count = 0;
      }
      this.failedLogins.set(username.toLowerCase(), record);
      return {
        status: 200,
        body: { errList: [{ errorCode: 5, errLogMessage: 'Invalid Username or Password' }] },
        rootName: XML_ROOTS.login,
      };
    }
    this.failedLogins.delete(username.toLowerCase());
    const minutes = typeof request.timeout === 'number' && request.timeout > 0 ? request.timeout : undefined;
    const deviceId = typeof request.deviceId === 'string' ? request.deviceId : '';
    const token = this.tokens.issue(this.account.user, deviceId, minutes ? minutes * 60 : undefined);
    this.everIssued.add(token);
    return {
      status: 200,
      body: {
        aliasName: '1',
        userGUID: 'B1C5C3B0-8E0A-4F39-9A64-6F0A5C1D2E7F',
        loginAttempts: 0,
        remainingLockTime: 0,
        smtpAddress: 'demo@example.com',
        userName: this.account.user,
        providerType: 1,
        ccn: 0,
        token,
        capability: 9663676416,
        forcePasswordChange: false,
        isAccountLocked: false,
        providerOrganization: { providerDomainName: 'Commcell', providerId: 0 },
        errList: [],
      },
      rootName: XML_ROOTS.login,
    };
  }

  renew(body: string): Reply {
    let request: { sessionId?: unknown; deviceId?: unknown } = {};
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      // handled below as a failed renewal
    }
    const token =
      typeof request.sessionId === 'string' && typeof request.deviceId === 'string'
        ? this.tokens.renew(request.sessionId, request.deviceId)
        : undefined;
    if (!token) {
      return {
        status: 200,
        body: { error: { errorCode: 5, errLogMessage: 'Failed to renew the login token: the session is not valid.' } },
        rootName: XML_ROOTS.login,
      };
    }
    this.everIssued.add(token);
    return { status: 200, body: { token }, rootName: XML_ROOTS.login };
  }

  logout(token: string | undefined): Reply {
    this.tokens.revoke(token);
    return { status: 200, body: 'User logged out' };
  }

  whoAmI(user: string): Reply {
    return { status: 200, body: { user: { userName: user, userId: 1 } }, rootName: XML_ROOTS.whoAmI };
  }

  /** Every issued token is now idle-expired (renewal still works). */
  expireAll(): void {
    this.tokens.expireAll();
  }

  /** Every token is forgotten (renewal fails too). */
  revokeAll(): void {
    this.tokens.revokeAll();
  }

  /** Every token ever issued (sign-ins and renewals). */
  issued(): string[] {
    return [...this.everIssued];
  }
}
