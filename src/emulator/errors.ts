/**
 * Mattermost's AppError: one shape for every failure, the HTTP status equal to
 * `status_code` (Client4 reads the status from the body, not from the response).
 */
export interface AppErrorJson {
  id: string;
  message: string;
  detailed_error: string;
  request_id?: string;
  status_code: number;
}

export class EmulatorError extends Error {
  constructor(
    readonly id: string,
    message: string,
    readonly status: number,
    readonly detailed = '',
  ) {
    super(message);
    this.name = 'EmulatorError';
  }

  toJSON(requestId?: string): AppErrorJson {
    return {
      id: this.id,
      message: this.message,
      detailed_error: this.detailed,
      ...(requestId ? { request_id: requestId } : {}),
      status_code: this.status,
    };
  }
}

export const sessionExpired = (detail = ''): EmulatorError =>
  new EmulatorError(
    'api.context.session_expired.app_error',
    'Invalid or expired session, please login again.',
    401,
    detail,
  );

export const forbidden = (detail = ''): EmulatorError =>
  new EmulatorError('api.context.permissions.app_error', 'You do not have the appropriate permissions.', 403, detail);

export const invalidBody = (param: string): EmulatorError =>
  new EmulatorError('api.context.invalid_body_param.app_error', `Invalid or missing ${param} in request body.`, 400);

export const invalidUrl = (param: string): EmulatorError =>
  new EmulatorError(
    'api.context.invalid_url_param.app_error',
    `Invalid or missing ${param} parameter in request URL.`,
    400,
  );

export const invalidParam = (param: string): EmulatorError =>
  new EmulatorError('api.context.invalid_param.app_error', `Invalid ${param} parameter.`, 400);

export const notFound = (what: string, id = 'app.' + what + '.get.app_error'): EmulatorError =>
  new EmulatorError(id, `Unable to find the ${what}.`, 404);

export const badRequest = (id: string, message: string): EmulatorError => new EmulatorError(id, message, 400);
