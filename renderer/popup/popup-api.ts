import type { PopupApi } from '../../shared/ipc/popup-api.ts'
import { ApiError } from '../shared/api.ts'

/** The popup's preload puts a smaller API on `window.twofold` than the manager's. */
export function popupApi(): PopupApi {
  const api = (window as unknown as { twofold?: PopupApi }).twofold
  if (!api) {
    throw new ApiError({
      code: 'internal',
      message: 'This window is not connected to Twofold. Open it from the tray.',
    })
  }
  return api
}
