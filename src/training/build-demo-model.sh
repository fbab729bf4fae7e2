#!/usr/bin/env bash
# Rebuilds Sluice's bundled demo model from nothing but this repository:
#   corpus (corpus.py) -> vocabulary + token ids (Java: PrepareCorpus) -> training (train.py)
#   -> GGUF Q8_0 and F16 (Java: WriteGguf) -> quality bar (evaluate.py)
# and, with --install, copies the GGUF files (+ .sha256) into src/main/resources/models/.
#
# Usage: src/training/build-demo-model.sh [--install] [--resume] [--smoke]
#   --install  replace the shipped model files with the ones built
#   --resume   continue an interrupted training run from its last checkpoint
#   --smoke    a few-minute end-to-end check: small corpus, 40 training steps (never install its output)
# Environment: DEMO_BUILD (work folder, default target/demo-model), DEMO_SEED (corpus seed, default 20260101),
#   TRAIN_SEED (default 1234), PYTHON (default /usr/bin/python3: Debian's, which has python3-torch), JAVA_HOME.
# Training takes about an hour on 2 CPU cores and runs at the lowest priority (nice 19).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${DEMO_BUILD:-$root/target/demo-model}"
corpus_seed="${DEMO_SEED:-20260101}"
train_seed="${TRAIN_SEED:-1234}"
python="${PYTHON:-/usr/bin/python3}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
install=false resume="" smoke=false
for arg in "$@"; do
  case "$arg" in
    --install) install=true ;;
    --resume) resume="--resume" ;;
    --smoke) smoke=true ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
if $smoke && $install; then
  echo "--smoke builds a throwaway model; it cannot be installed" >&2
  exit 2
fi
train_conversations=60000 epochs=0.6 max_steps=0 max_new=200
if $smoke; then
  train_conversations=4000 max_steps=40 max_new=40
fi

mkdir -p "$build"
timings="$build/timings.txt"
: > "$timings"
step() {  # step NAME COMMAND...: runs and times one stage
  local name="$1"; shift
  local t0=$SECONDS
  echo "== $name"
  "$@"
  echo "$name: $((SECONDS - t0)) s" | tee -a "$timings"
}

"$python" -c 'import torch, numpy' 2>/dev/null || {
  echo "$python lacks torch/numpy: apt-get install -y python3-torch python3-numpy libopenblas0-pthread" >&2
  exit 1
}

cd "$root"
step "compile (mvn)" mvn -B -q compile dependency:build-classpath -Dmdep.outputFile="$build/classpath.txt"
cp="$root/target/classes:$(cat "$build/classpath.txt")"
java() {
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$cp" "$@"
}

step "corpus" "$python" "$here/corpus.py" --out "$build/corpus" --seed "$corpus_seed" --train "$train_conversations"
step "tokenizer + token ids" java io.sluice.tools.demo.PrepareCorpus --corpus "$build/corpus" --out "$build/tokens" \
  --vocab 4096
step "training" nice -n 19 "$python" "$here/train.py" --data "$build/tokens" --out "$build/train" \
  --seed "$train_seed" --epochs "$epochs" --max-steps "$max_steps" $resume
write_gguf() {
  for type in Q8_0 F16; do
    local name=sluice-demo.gguf
    [ "$type" = F16 ] && name=sluice-demo-f16.gguf
    java io.sluice.tools.demo.WriteGguf --weights "$build/train/weights" --tokenizer "$build/tokens/tokenizer.gguf" \
      --out "$build/$name" --type "$type"
  done
}
step "GGUF" write_gguf
step "evaluation" nice -n 19 "$python" "$here/evaluate.py" --gguf "$build/sluice-demo.gguf" \
  --data "$build/tokens" --out "$build/eval-report.json" --max-new "$max_new"

(cd "$build" && sha256sum sluice-demo.gguf > sluice-demo.gguf.sha256 \
  && sha256sum sluice-demo-f16.gguf > sluice-demo-f16.gguf.sha256)
if $install; then
  dest="$root/src/main/resources/models"
  mkdir -p "$dest"
  cp "$build"/sluice-demo.gguf "$build"/sluice-demo.gguf.sha256 \
     "$build"/sluice-demo-f16.gguf "$build"/sluice-demo-f16.gguf.sha256 "$dest/"
  echo "installed into $dest"
fi
echo "== done; stage times:"
cat "$timings"
echo "total: $SECONDS s"
