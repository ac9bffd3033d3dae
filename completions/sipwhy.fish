# fish completion for sipwhy.

function __sipwhy_codes
    sipwhy --color never list --brief 2>/dev/null | string split -f1 ' '
end

function __sipwhy_causes
    sipwhy --json cause 2>/dev/null | string match -ar '"platform":"[a-z]+","name":"[^"]+"' | string replace -r '.*"name":"([^"]+)"' '$1'
end

# A comma-separated list: the items typed so far, then each candidate.
function __sipwhy_list
    set -l token (commandline -ct | string replace -r '^--[a-z-]+=' '')
    set -l done (string replace -r '[^,]*$' '' -- $token)
    for item in $argv
        echo $done$item
    end
end

set -l commands explain scan list search q850 cause export merge
set -l categories progress success redirect authentication forbidden not_found bad_address no_route busy declined unavailable canceled timeout media billing capacity server_error network protocol dialog_state security unknown
set -l next_steps none follow_redirect authenticate fix_request retry_later try_next_route stop

complete -c sipwhy -n "not __fish_seen_subcommand_from $commands" -a "$commands"
complete -c sipwhy -n "not __fish_seen_subcommand_from scan q850 search cause export merge" -a "(__sipwhy_codes)" -d 'status code'
complete -c sipwhy -n "__fish_seen_subcommand_from export" -x -a 'codes variants q850 platforms' -d 'table'
complete -c sipwhy -l listen-hep -x -d 'receive HEP over UDP and TCP on [ADDR:]PORT'
complete -c sipwhy -s i -l interface -x -a "any (ls /sys/class/net 2>/dev/null)" -d 'capture live on an interface'
complete -c sipwhy -l bpf -x -d 'with --interface: a BPF filter'
complete -c sipwhy -l interval -x -d 'with --summary: the summary every N seconds'
complete -c sipwhy -n "__fish_seen_subcommand_from cause" -a "(__sipwhy_causes)" -d 'cause name'
complete -c sipwhy -l json -d 'print JSON Lines'
complete -c sipwhy -l brief -d 'one line per result'
complete -c sipwhy -s q -l quiet -d 'print nothing; only the exit status tells'
complete -c sipwhy -l full -d 'every likely cause and check'
complete -c sipwhy -l color -x -a 'auto always never' -d 'when to use colour'
complete -c sipwhy -l colour -x -a 'auto always never' -d 'when to use colour'
complete -c sipwhy -l lang -x -a 'en ru' -d 'language of the explanations'
complete -c sipwhy -l kb -r -F -d 'load a knowledge-base file'
complete -c sipwhy -l summary -d 'count responses by code, class and category'
complete -c sipwhy -l calls -d 'one verdict per Call-ID'
complete -c sipwhy -l csv -d 'CSV: per response, or for --summary and --calls'
complete -c sipwhy -s c -l count -d 'only the number of matching responses'
complete -c sipwhy -l failures -d 'only codes 300 and above'
complete -c sipwhy -l class -x -a "(__sipwhy_list 1xx 2xx 3xx 4xx 5xx 6xx)" -d 'only these classes'
complete -c sipwhy -l category -x -a "(__sipwhy_list $categories)" -d 'only these categories'
complete -c sipwhy -l next-step -x -a "(__sipwhy_list $next_steps)" -d 'only these next steps'
complete -c sipwhy -l code -x -a '(__sipwhy_list (__sipwhy_codes))' -d 'only these codes'
complete -c sipwhy -l line-buffered -d 'write each result at once'
complete -c sipwhy -l kpi -d '--summary with RFC 6076 KPIs'
complete -c sipwhy -l findings -d "--summary counting a log's findings too"
complete -c sipwhy -l by -x -a 'minute hour day' -d '--summary per interval'
complete -c sipwhy -l flow -d "draw each call's ladder"
complete -c sipwhy -l mermaid -d 'with --flow: a Mermaid sequenceDiagram'
complete -c sipwhy -l svg -d 'with --flow: an SVG document'
complete -c sipwhy -l join -d 'read the inputs as one stream'
complete -c sipwhy -l call-id -x -d 'only the call with this Call-ID or prefix'
complete -c sipwhy -l since -x -d 'only calls begun at or after TIME'
complete -c sipwhy -l until -x -d 'only calls begun at or before TIME'
complete -c sipwhy -l from -x -d 'only calls from this number'
complete -c sipwhy -l to -x -d 'only calls to this number'
complete -c sipwhy -l host -x -d 'only calls with a packet from or to ADDR'
complete -c sipwhy -l method -x -a '(__sipwhy_list INVITE REGISTER OPTIONS SUBSCRIBE NOTIFY MESSAGE BYE)' -d 'only calls of these methods'
complete -c sipwhy -s j -l jobs -x -d 'scan N inputs at once'
complete -c sipwhy -s m -l max-count -x -d 'at most N matching responses per file'
complete -c sipwhy -s l -l files-with-matches -d 'only the names of files with a match'
complete -c sipwhy -s L -l files-without-match -d 'only the names of files without one'
complete -c sipwhy -s I -l no-filename -d 'no file names before responses'
complete -c sipwhy -s H -l with-filename -d 'file names before responses (the default)'
complete -c sipwhy -s n -l line-number -d 'line numbers (the default)'
complete -c sipwhy -l include -x -d 'in directories, only files matching GLOB'
complete -c sipwhy -l exclude -x -d 'in directories, skip files matching GLOB'
complete -c sipwhy -l debug -d 'say which files a directory scan skips'
complete -c sipwhy -s V -l version -d 'print the version'
complete -c sipwhy -s h -l help -d 'print the help'
