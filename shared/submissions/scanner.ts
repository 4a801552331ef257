import type { File } from '@google-cloud/storage';

/**
 * The malware-scan step of the finalize trigger, pluggable. A submission is `scan_pending` from
 * the moment its bytes arrive until a scanner says `clean` (it becomes `uploaded`, ready for
 * review) or `infected` (`rejected_invalid`, object quarantined). A scanner that works
 * asynchronously returns `pending` and later calls `FinalizeUpload.settleScan`.
 */
export interface ScanResult {
  state: 'clean' | 'infected' | 'pending';
  detail: string | null;
}

export interface MalwareScanner {
  readonly name: string;
  scan(file: File, declaredType: string): Promise<ScanResult>;
}

/** The default: no scanner is configured, so every file passes (and the record says so). */
export const passThroughScanner: MalwareScanner = {
  name: 'none',
  async scan() {
    return { state: 'clean', detail: 'no scanner configured' };
  },
};
