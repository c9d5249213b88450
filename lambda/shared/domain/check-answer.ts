import { type DncNumber, toDncNumberDto } from './dnc-number.js';

/** One number's answer: blocked when any live entry applies (global, or the asked user's). */
export const toCheckAnswer = ({ phoneNumber, entries }: { phoneNumber: string; entries: readonly DncNumber[] }) => ({
  phoneNumber,
  blocked: entries.length > 0,
  entries: entries.map(toDncNumberDto),
});
