# Sourced by the oracle venv scripts. A venv built in a directory of its own and renamed into place still names that
# directory in its scripts' shebangs and its activate files (venvs are not relocatable): `bin/nodepool-launcher` would
# fail with "bad interpreter". Rewrites those text files to name the venv where it now is; a venv already right is
# left alone, so this also repairs one that an older script renamed without it.
relocate_venv() {
  local from="$1" to="$2" f
  grep -rlIF --exclude-dir=__pycache__ -- "$from" "$to/bin" 2>/dev/null | while IFS= read -r f; do
    sed -i "s|$from|$to|g" "$f"
  done
}

# Whether a venv's scripts name a directory other than the venv (the first line of SCRIPT).
venv_scripts_moved() {
  local script="$1"
  [[ -f "$script" ]] && [[ "$(head -n 1 "$script")" == *.building/bin/python* ]]
}
