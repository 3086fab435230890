/**
 * RedriveExecution's `clientToken`: a repeated call with a token already used returns the first call's answer and
 * redrives nothing. AWS keeps "the last 10 client tokens, each valid for 15 minutes" per execution
 * (RedriveExecutionInput.clientToken in the API reference).
 */
export const KEPT_TOKENS = 10;
export const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

interface Remembered {
  readonly token: string;
  readonly at: number;
  readonly redriveDate: number;
}

export class RedriveTokens {
  private readonly byExecution = new Map<string, Remembered[]>();

  /** The redriveDate answered to this token for this execution, if the token is still kept. */
  answered(executionArn: string, token: string, now: number): number | undefined {
    const found = this.byExecution.get(executionArn)?.find((entry) => entry.token === token);
    return found && now - found.at <= TOKEN_LIFETIME_MS ? found.redriveDate : undefined;
  }

  remember(executionArn: string, token: string, now: number, redriveDate: number): void {
    const kept = (this.byExecution.get(executionArn) ?? []).filter((entry) => entry.token !== token);
    kept.push({ token, at: now, redriveDate });
    this.byExecution.set(executionArn, kept.slice(-KEPT_TOKENS));
  }
}
