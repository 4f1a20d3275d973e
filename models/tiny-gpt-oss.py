#!/usr/bin/env python3
"""Writes a tiny gpt-oss GGUF with random weights, for tests of the llama.cpp path.

It has GPT-OSS-20B's architecture (`gpt-oss`: alternating sliding-window and dense attention with
sinks, a mixture of experts with MXFP4 expert weights, SwiGLU) and its real tokenizer (o200k_base,
read from the `tiktoken-rs` crate's copy, plus the harmony special tokens), but two layers of width
64: it loads in milliseconds and says nothing meaningful, which is the point — whatever valid JSON
comes out of it comes from the grammar. The weights come from a fixed seed, so the file is the same
on every machine with the pinned numpy and gguf (models/gguf-requirements.txt).

Usage: tiny-gpt-oss.py O200K_BASE_TIKTOKEN OUT.gguf
"""
import base64
import sys

import numpy as np
import gguf

N_EMBD, N_LAYER, N_HEAD, N_HEAD_KV, HEAD_DIM = 64, 2, 4, 2, 16
N_EXPERT, N_EXPERT_USED, N_FF_EXP = 4, 2, 64
N_CTX, SLIDING_WINDOW = 4096, 128
N_VOCAB = 201088

# The harmony special tokens of o200k_harmony (the ids tiktoken and the gpt-oss release use);
# every other id from 199998 up is `<|reserved_N|>`.
SPECIAL = {
    199998: "<|startoftext|>", 199999: "<|endoftext|>", 200002: "<|return|>",
    200003: "<|constrain|>", 200005: "<|channel|>", 200006: "<|start|>", 200007: "<|end|>",
    200008: "<|message|>", 200012: "<|call|>", 200018: "<|endofprompt|>",
}


def byte_encoder():
    """GPT-2's reversible map from bytes to printable characters (byte-level BPE vocabularies)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def bpe_parts(ranks, token, max_rank):
    """The two pieces a BPE merge of rank `max_rank` joined into `token` (tiktoken keeps ranks,
    not merges; replaying the merges below that rank recovers them)."""
    parts = [bytes([b]) for b in token]
    while True:
        best = None
        for i in range(len(parts) - 1):
            r = ranks.get(parts[i] + parts[i + 1])
            if r is not None and r < max_rank and (best is None or r < best[1]):
                best = (i, r)
        if best is None:
            return parts
        i = best[0]
        parts = parts[:i] + [parts[i] + parts[i + 1]] + parts[i + 2:]


def main():
    vocab_path, out = sys.argv[1], sys.argv[2]
    ranks = {}
    with open(vocab_path, "rb") as f:
        for line in f:
            if line.strip():
                tok, rank = line.split()
                ranks[base64.b64decode(tok)] = int(rank)
    enc = byte_encoder()
    by_rank = sorted(ranks.items(), key=lambda kv: kv[1])
    assert [r for _, r in by_rank] == list(range(len(by_rank))), "ranks are not dense"
    tokens, types, merges = [], [], []
    for tok, rank in by_rank:
        tokens.append("".join(enc[b] for b in tok))
        types.append(gguf.TokenType.NORMAL)
        if len(tok) > 1:
            parts = bpe_parts(ranks, tok, rank)
            assert len(parts) == 2, (tok, parts)
            merges.append(" ".join("".join(enc[b] for b in p) for p in parts))
    for i in range(len(tokens), N_VOCAB):
        tokens.append(SPECIAL.get(i, f"<|reserved_{i}|>"))
        types.append(gguf.TokenType.CONTROL)

    w = gguf.GGUFWriter(out, "gpt-oss")
    w.add_name("carta-tiny-gpt-oss")
    w.add_context_length(N_CTX)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF_EXP)
    w.add_expert_feed_forward_length(N_FF_EXP)
    w.add_expert_count(N_EXPERT)
    w.add_expert_used_count(N_EXPERT_USED)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD_KV)
    w.add_key_length(HEAD_DIM)
    w.add_value_length(HEAD_DIM)
    w.add_rope_dimension_count(HEAD_DIM)
    w.add_rope_freq_base(150000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_sliding_window(SLIDING_WINDOW)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_MXFP4_MOE)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("gpt-4o")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(199998)
    w.add_eos_token_id(200002)
    w.add_pad_token_id(199999)
    w.add_add_bos_token(False)

    rng = np.random.default_rng(20251126)

    def normal(*shape, scale=0.02):
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    # numpy shapes are ggml's `ne` reversed.
    w.add_tensor("token_embd.weight", normal(N_VOCAB, N_EMBD, scale=1.0).astype(np.float16))
    w.add_tensor("output_norm.weight", np.ones(N_EMBD, dtype=np.float32))
    w.add_tensor("output.weight", normal(N_VOCAB, N_EMBD, scale=0.5).astype(np.float16))
    for b in range(N_LAYER):
        p = f"blk.{b}."
        w.add_tensor(p + "attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        w.add_tensor(p + "post_attention_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        w.add_tensor(p + "attn_q.weight", normal(N_HEAD * HEAD_DIM, N_EMBD).astype(np.float16))
        w.add_tensor(p + "attn_q.bias", normal(N_HEAD * HEAD_DIM))
        w.add_tensor(p + "attn_k.weight", normal(N_HEAD_KV * HEAD_DIM, N_EMBD).astype(np.float16))
        w.add_tensor(p + "attn_k.bias", normal(N_HEAD_KV * HEAD_DIM))
        w.add_tensor(p + "attn_v.weight", normal(N_HEAD_KV * HEAD_DIM, N_EMBD).astype(np.float16))
        w.add_tensor(p + "attn_v.bias", normal(N_HEAD_KV * HEAD_DIM))
        w.add_tensor(p + "attn_output.weight", normal(N_EMBD, N_HEAD * HEAD_DIM).astype(np.float16))
        w.add_tensor(p + "attn_output.bias", normal(N_EMBD))
        w.add_tensor(p + "attn_sinks.weight", normal(N_HEAD))
        w.add_tensor(p + "ffn_gate_inp.weight", normal(N_EXPERT, N_EMBD))
        w.add_tensor(p + "ffn_gate_inp.bias", normal(N_EXPERT))
        for name, shape in (("gate", (N_EXPERT, N_FF_EXP, N_EMBD)), ("up", (N_EXPERT, N_FF_EXP, N_EMBD)),
                            ("down", (N_EXPERT, N_EMBD, N_FF_EXP))):
            q = gguf.quants.quantize(normal(*shape, scale=0.1), gguf.GGMLQuantizationType.MXFP4)
            w.add_tensor(p + f"ffn_{name}_exps.weight", q, raw_dtype=gguf.GGMLQuantizationType.MXFP4)
            w.add_tensor(p + f"ffn_{name}_exps.bias", normal(N_EXPERT, shape[1]))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
