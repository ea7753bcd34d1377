// User import jobs (migration 014; services/cognito-idp/import/): the jobs, the CSV each was given
// (stored in the database in chunks, so any instance on the store can run the job and memory stays
// flat in the file's size), and the lines that were skipped or failed.

export interface UserImportJobRow {
  job_id: string;
  pool_id: string;
  account: string;
  region: string;
  name: string;
  role_arn: string;
  /** PasswordHashingAlgorithm as given (stored and answered; cognate imports no password hashes) */
  hashing_algorithm: string | null;
  /** Created | Pending | InProgress | Stopping | Stopped | Succeeded | Failed | Expired */
  status: string;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  completion_message: string | null;
  imported: number;
  skipped: number;
  failed: number;
  /** the upload whose chunks are the job's file; null until a PUT to the pre-signed URL completed */
  upload_id: string | null;
  upload_bytes: number | null;
  /** lines of the file (header included) whose outcome is committed: where a resumed run starts */
  lines_done: number;
  /** the instance running the job, and until when its claim holds unless renewed */
  runner: string | null;
  lease_until: number | null;
}

export interface UserImportChunkRow {
  job_id: string;
  pool_id: string;
  upload_id: string;
  seq: number;
  data: Uint8Array;
}

export interface UserImportErrorRow {
  job_id: string;
  pool_id: string;
  /** the line's number in the file, the header being line 1 */
  line: number;
  /** SKIPPED | FAILED */
  outcome: string;
  message: string;
}
