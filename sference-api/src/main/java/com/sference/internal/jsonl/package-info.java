/**
 * Reading JSONL workload files and generating the body of {@code POST /v1/batches}, streamed from
 * the file in bounded memory. Not exported: the client code calls {@link
 * com.sference.internal.jsonl.JsonlWorkload}.
 *
 * <p>Unless a parameter or return value is documented as nullable, it is never {@code null}.
 */
package com.sference.internal.jsonl;
