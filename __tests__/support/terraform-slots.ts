// Bounds how many Terraform runs go at once in a Jest worker: each is CPU-bound for seconds and peaks near 900 MB.

/**
 * A limit on how many Terraform runs go at once in this Jest worker: each is CPU-bound for
 * seconds and peaks near 900 MB (Terraform + AWS provider), and Jest runs two workers.
 * Returns a function that runs `work` when a slot is free.
 */
export function concurrencyLimit(slots: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** Slots per worker: TF_TEST_CONCURRENCY, default 2 (the machines have 2 cores). */
export const TERRAFORM_SLOTS = Math.max(1, Number(process.env.TF_TEST_CONCURRENCY ?? 2));
