# bash completion for sipwhy: commands, options, option values (category ids, next steps, classes,
# codes, languages, colour modes) and files.

_sipwhy_values() {  # _sipwhy_values WORDS CURRENT: complete a comma-separated list
    local words=$1 cur=$2 prefix=""
    if [[ $cur == *,* ]]; then
        prefix=${cur%,*},
        cur=${cur##*,}
    fi
    COMPREPLY=($(compgen -P "$prefix" -W "$words" -- "$cur"))
    [[ ${#COMPREPLY[@]} -eq 1 ]] && compopt -o nospace 2>/dev/null
    return 0
}

_sipwhy_codes() {
    if [[ -z ${_sipwhy_code_list:-} ]]; then
        _sipwhy_code_list=$(sipwhy --color never list --brief 2>/dev/null | cut -d' ' -f1)
    fi
    printf '%s\n' "$_sipwhy_code_list"
}

_sipwhy_causes() {  # every platform's cause names, from sipwhy cause
    if [[ -z ${_sipwhy_cause_list:-} ]]; then
        _sipwhy_cause_list=$(sipwhy --json cause 2>/dev/null |
            grep -o '"platform":"[a-z]*","name":"[^"]*"' | sed 's/.*"name":"//; s/"$//' | sort -u)
    fi
    printf '%s\n' "$_sipwhy_cause_list"
}

_sipwhy_q850() {  # the Q.850 cause values the knowledge base knows, 0 among them if it does
    if [[ -z ${_sipwhy_q850_list:-} ]]; then
        _sipwhy_q850_list=$(sipwhy --color never --brief q850 $(seq 0 127) 2>/dev/null |
            cut -d' ' -f2 | tr -d :)
    fi
    printf '%s\n' "$_sipwhy_q850_list"
}

_sipwhy() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=${COMP_WORDS[COMP_CWORD - 1]:-}
    local commands="explain scan list search q850 cause export merge"
    local options="--json --brief -q --quiet --full --color --colour --lang --kb --summary --calls
        --csv -c --count --failures --class --category --next-step --code --line-buffered -j
        --jobs -m --max-count -l --files-with-matches -L --files-without-match -I --no-filename -H
        --with-filename -n --line-number --include --exclude --debug --listen-hep -i --interface
        --bpf --interval --kpi --findings --by --flow --mermaid --svg --join --call-id --since --until --from
        --to --host --method -V --version -h --help"
    local categories="progress success redirect authentication forbidden not_found bad_address
        no_route busy declined unavailable canceled timeout media billing capacity server_error
        network protocol dialog_state security unknown"
    local next_steps="none follow_redirect authenticate fix_request retry_later try_next_route stop"
    local classes="1xx 2xx 3xx 4xx 5xx 6xx"

    # "--category=bu": the value after '=' (bash splits words at '=').
    if [[ $prev == "=" && COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == "=" ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        cur=""
    fi
    case $prev in
        --color | --colour) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return 0 ;;
        -m | --max-count | -j | --jobs | --include | --exclude | --listen-hep | --bpf | --interval | \
            --call-id | --since | --until | --from | --to | --host) COMPREPLY=(); return 0 ;;
        -i | --interface)
            COMPREPLY=($(compgen -W "any $(ls /sys/class/net 2>/dev/null)" -- "$cur")); return 0 ;;
        --by) COMPREPLY=($(compgen -W "minute hour day" -- "$cur")); return 0 ;;
        --method) _sipwhy_values "INVITE REGISTER OPTIONS SUBSCRIBE NOTIFY MESSAGE BYE" "$cur"; return 0 ;;
        --lang) COMPREPLY=($(compgen -W "en ru" -- "$cur")); return 0 ;;
        --kb) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
        --category) _sipwhy_values "$categories" "$cur"; return 0 ;;
        --next-step) _sipwhy_values "$next_steps" "$cur"; return 0 ;;
        --class) _sipwhy_values "$classes" "$cur"; return 0 ;;
        --code) _sipwhy_values "$(_sipwhy_codes)" "$cur"; return 0 ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return 0
    fi

    # The first operand: skip options and the values they take.
    local i first=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --lang | --kb | --category | --next-step | --class | --code | -m | --max-count | -j | \
                --jobs | --include | --exclude | --listen-hep | -i | --interface | --bpf | --interval | \
                --call-id | --since | --until | --from | --to | --host | --method | --by) ((i++)) ;;
            --color | --colour) # a value only when one follows: --color alone means auto
                case ${COMP_WORDS[i + 1]:-} in auto | always | never) ((i++)) ;; esac ;;
            =) ((i++)) ;;
            -*) ;;
            *) first=${COMP_WORDS[i]}; break ;;
        esac
    done
    case $first in
        "") COMPREPLY=($(compgen -W "$commands $(_sipwhy_codes)" -- "$cur") $(compgen -f -- "$cur")) ;;
        explain | [1-6][0-9][0-9] | [1-6][0-9x]x) COMPREPLY=($(compgen -W "$(_sipwhy_codes)" -- "$cur")) ;;
        list) COMPREPLY=($(compgen -W "$classes $(_sipwhy_codes)" -- "$cur")) ;;
        q850) COMPREPLY=($(compgen -W "$(_sipwhy_q850)" -- "$cur")) ;;
        cause) COMPREPLY=($(compgen -W "$(_sipwhy_causes)" -- "${cur^^}")) ;;
        search) COMPREPLY=() ;;
        export) COMPREPLY=($(compgen -W "codes variants q850 platforms" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
    return 0
}

# -o filenames: directories complete with a slash, and names with spaces are quoted.
complete -o filenames -F _sipwhy sipwhy
