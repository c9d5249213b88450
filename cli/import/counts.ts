/** What an import has done with its rows; every row read ends up in exactly one of these. */
export interface ImportCounts {
  /** Entries this import created (`Dnc-Created-Count`). */
  created: number;
  /** Numbers already on the list before their request (`Dnc-Existing-Count`), including repeats in an earlier batch. */
  existing: number;
  /** Rows whose number came earlier in the same request, in any spelling: the service keeps the first. */
  repeated: number;
  /** Rows that failed validation, in the rejects file. */
  rejected: number;
}

export const noCounts = (): ImportCounts => ({ created: 0, existing: 0, repeated: 0, rejected: 0 });

export const addCounts = (a: ImportCounts, b: Partial<ImportCounts>): ImportCounts => ({
  created: a.created + (b.created ?? 0),
  existing: a.existing + (b.existing ?? 0),
  repeated: a.repeated + (b.repeated ?? 0),
  rejected: a.rejected + (b.rejected ?? 0),
});

export const rowsOf = (counts: ImportCounts): number => counts.created + counts.existing + counts.repeated + counts.rejected;
