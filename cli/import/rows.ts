import { safeParse } from 'zod/mini';
import { phoneNumberSchema, reasonSchema, userIdSchema } from '../../lambda/shared/domain/add-dnc-number';
import type { CsvRow, RowFields } from './csv-rows';

/** A row ready to send: the number canonical (E.164), as the service itself would store it. */
export interface ImportItem {
  row: number;
  phoneNumber: string;
  reason: string | null;
  /** The row's own userId, else `--user-id`, else null (account-wide). */
  userId: string | null;
}

/** A row the service would refuse, kept for the rejects file. */
export interface RejectedRow {
  row: number;
  line: number;
  fields: RowFields;
  message: string;
}

export type CheckedRow = { item: ImportItem; rejected?: never } | { rejected: RejectedRow; item?: never };

const blankAsAbsent = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

const messagesOf = (result: { success: boolean; error?: { issues: readonly { message: string }[] } }): string[] =>
  result.success ? [] : (result.error?.issues.map((issue) => issue.message) ?? []);

/**
 * Checks one row with the service's own schemas (the ones `POST /v1/dnc_numbers/bulk` applies),
 * so that a bad row is set aside here instead of making the service refuse its whole batch.
 * Empty cells are absent: an empty reason is none, an empty userId falls back to `defaultUserId`.
 */
export const checkRow = ({ row, line, fields, extraCells }: CsvRow, defaultUserId: string | null): CheckedRow => {
  const phoneNumber = safeParse(phoneNumberSchema, blankAsAbsent(fields.phoneNumber));
  const reason = safeParse(reasonSchema, blankAsAbsent(fields.reason) === undefined ? undefined : fields.reason);
  const ownUserId = blankAsAbsent(fields.userId)?.trim();
  const userId = safeParse(userIdSchema, ownUserId ?? defaultUserId);
  const messages = [
    ...(extraCells > 0
      ? [`the row has ${extraCells} cell${extraCells === 1 ? '' : 's'} more than the header (quote values that hold a comma)`]
      : []),
    ...messagesOf(phoneNumber),
    ...messagesOf(reason),
    ...messagesOf(userId),
  ];
  if (messages.length > 0 || !phoneNumber.success || !reason.success || !userId.success) {
    return { rejected: { row, line, fields, message: messages.join('; ') } };
  }
  return { item: { row, phoneNumber: phoneNumber.data, reason: reason.data, userId: userId.data } };
};
