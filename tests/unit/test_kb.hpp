// A small knowledge base for tests of the matching rules and formatters, so that they do not
// depend on the content of data/*.json.
#pragma once

#include <sipwhy/kb/knowledge_base.hpp>

#include <gtest/gtest.h>

#include <string_view>

namespace sipwhy::test {

inline constexpr std::string_view k_fixture = R"json({
  "version": "test-1",
  "codes": [
    {"code": 180, "class": "1xx", "reason": "Ringing", "registered": true, "rfc": "RFC 3261 §21.1.2",
     "category": "progress", "next_step": "none", "sent_by": ["uas"],
     "summary": {"en": "The callee is being alerted.", "ru": "Абоненту идёт вызов."},
     "causes": [{"en": "The phone rings.", "ru": "Телефон звонит."}],
     "checks": [{"en": "Wait.", "ru": "Ждите."}],
     "retry": {"en": "Not a failure.", "ru": "Это не ошибка."}},
    {"code": 183, "class": "1xx", "reason": "Session Progress", "registered": true, "rfc": "RFC 3261 §21.1.5",
     "category": "progress", "next_step": "none", "sent_by": ["uas", "gateway"],
     "summary": {"en": "Early media may flow.", "ru": "Возможны ранние медиа."},
     "causes": [{"en": "A gateway plays a tone.", "ru": "Шлюз проигрывает сигнал."}],
     "checks": [{"en": "Look at the SDP.", "ru": "Посмотрите SDP."}],
     "retry": {"en": "Not a failure.", "ru": "Это не ошибка."}},
    {"code": 403, "class": "4xx", "reason": "Forbidden", "registered": true, "rfc": "RFC 3261 §21.4.4",
     "category": "forbidden", "next_step": "stop", "sent_by": ["uas", "proxy"],
     "summary": {"en": "The server refuses the request. Credentials will not help.", "ru": "Сервер отказывает."},
     "causes": [{"en": "An IP ACL.", "ru": "Список доступа по IP."}],
     "checks": [{"en": "Check the ACL.", "ru": "Проверьте ACL."}],
     "retry": {"en": "Do not retry unchanged.", "ru": "Не повторять без изменений."}},
    {"code": 480, "class": "4xx", "reason": "Temporarily Unavailable", "registered": true, "rfc": "RFC 3261 §21.4.18",
     "category": "unavailable", "next_step": "retry_later", "sent_by": ["uas", "proxy"],
     "summary": {"en": "The callee cannot be reached now.", "ru": "Абонент сейчас недоступен."},
     "causes": [{"en": "Not registered.", "ru": "Не зарегистрирован."}],
     "checks": [{"en": "Check the registration.", "ru": "Проверьте регистрацию."}],
     "retry": {"en": "Later.", "ru": "Позже."}},
    {"code": 486, "class": "4xx", "reason": "Busy Here", "registered": true, "rfc": "RFC 3261 §21.4.24",
     "category": "busy", "next_step": "retry_later", "sent_by": ["uas"],
     "summary": {"en": "The callee is busy.", "ru": "Абонент занят."},
     "causes": [{"en": "Another call.", "ru": "Другой вызов."}],
     "checks": [{"en": "Call later.", "ru": "Позвоните позже."}],
     "retry": {"en": "Later.", "ru": "Позже."}},
    {"code": 488, "class": "4xx", "reason": "Not Acceptable Here", "registered": true, "rfc": "RFC 3261 §21.4.26",
     "category": "media", "next_step": "fix_request", "sent_by": ["uas"],
     "summary": {"en": "The offered media are not acceptable.", "ru": "Предложенные медиа не подходят."},
     "causes": [{"en": "No common codec.", "ru": "Нет общего кодека."}],
     "checks": [{"en": "Compare the codecs.", "ru": "Сравните кодеки."}],
     "retry": {"en": "Change the offer.", "ru": "Измените предложение."},
     "mapping_note": {"en": "RFC 3398 picks the cause from the Warning header.", "ru": "RFC 3398 выбирает причину по заголовку Warning."}},
    {"code": 493, "class": "4xx", "reason": "Undecipherable", "registered": true, "rfc": "RFC 3261 §21.4.28",
     "category": "security", "next_step": "fix_request", "sent_by": ["uas"],
     "summary": {"en": "An encrypted body could not be read.", "ru": "Зашифрованное тело не прочитать."},
     "causes": [{"en": "No key.", "ru": "Нет ключа."}],
     "checks": [{"en": "Check S/MIME.", "ru": "Проверьте S/MIME."}],
     "retry": {"en": "Fix the keys.", "ru": "Исправьте ключи."}},
    {"code": 478, "class": "4xx", "reason": "Unresolvable destination", "registered": false,
     "origin": {"en": "Kamailio sends it when DNS fails.", "ru": "Kamailio отправляет его при сбое DNS."},
     "source": "kamailio src/core/error.c",
     "category": "network", "next_step": "try_next_route", "sent_by": ["proxy"],
     "summary": {"en": "Not registered; a proxy could not resolve the next hop.", "ru": "Не зарегистрирован; прокси не смог разрешить следующий узел."},
     "causes": [{"en": "DNS failure.", "ru": "Сбой DNS."}],
     "checks": [{"en": "Resolve the host.", "ru": "Разрешите имя."}],
     "retry": {"en": "Try another route.", "ru": "Попробуйте другой маршрут."}}
  ],
  "variants": [
    {"code": 403, "phrase": "Wrong Guess", "meaning": {"en": "The password is wrong.", "ru": "Неверный пароль."},
     "category": "authentication", "next_step": "fix_request", "kind": "carrier", "vendor": "unknown",
     "source": "Russian carrier list", "evidence": "list",
     "checks": [{"en": "Re-type the password.", "ru": "Введите пароль заново."}]},
    {"code": 403, "phrase": "Destination Number * is invalid D11", "meaning": {"en": "The number is invalid.", "ru": "Номер неверен."},
     "category": "bad_address", "kind": "carrier", "vendor": "Telnyx", "source": "Telnyx docs", "evidence": "doc"},
    {"code": 480, "phrase": "No money left", "meaning": {"en": "The account has no credit.", "ru": "На счёте нет денег."},
     "category": "billing", "next_step": "stop", "kind": "carrier", "source": "Russian carrier list", "evidence": "list"},
    {"code": 480, "phrase": "Codec Mismatch", "meaning": {"en": "No common codec.", "ru": "Нет общего кодека."},
     "category": "media", "kind": "carrier", "source": "Russian carrier list"},
    {"code": 488, "phrase": "Codec Mismatch", "meaning": {"en": "No gateway has the codec.", "ru": "Нет шлюза с кодеком."},
     "category": "media", "kind": "carrier", "source": "Russian carrier list"},
    {"code": 503, "phrase": "DNS Error", "meaning": {"en": "sofia-sip could not resolve.", "ru": "sofia-sip не смог разрешить имя."},
     "category": "network", "kind": "stack", "source": "sofia-sip nta.c", "evidence": "code", "local": true}
  ],
  "classes": [
    {"class": "1xx", "name": "Provisional", "summary": "Provisional.", "rfc": "RFC 3261 §21.1", "category": "progress", "next_step": "none"},
    {"class": "2xx", "name": "Success", "summary": "Success.", "rfc": "RFC 3261 §21.2", "category": "success", "next_step": "none"},
    {"class": "3xx", "name": "Redirection", "summary": "Redirection.", "rfc": "RFC 3261 §21.3", "category": "redirect", "next_step": "follow_redirect"},
    {"class": "4xx", "name": "Client failure", "summary": "Request failure; treated as 400 Bad Request (RFC 3261 §8.1.3.2).", "rfc": "RFC 3261 §21.4", "category": "unknown", "next_step": "fix_request"},
    {"class": "5xx", "name": "Server failure", "summary": "Server failure; treated as 500.", "rfc": "RFC 3261 §21.5", "category": "unknown", "next_step": "try_next_route"},
    {"class": "6xx", "name": "Global failure", "summary": "Global failure; treated as 600.", "rfc": "RFC 3261 §21.6", "category": "unknown", "next_step": "stop"}
  ],
  "keywords": [
    {"category": "billing", "words": ["money", "credit"]},
    {"category": "no_route", "words": ["route", "gateway"]}
  ],
  "q850": [
    {"cause": 17, "name": "User busy", "class": "normal", "meaning": "Busy.", "to_sip": 486, "from_sip": [486]}
  ],
  "platforms": [
    {"id": "freeswitch", "name": "FreeSWITCH", "source": "mod_sofia", "default_cause": {"4xx": "NORMAL_UNSPECIFIED"}, "default_sip": 480},
    {"id": "asterisk", "name": "Asterisk", "source": "res_pjsip"}
  ],
  "platform_causes": [
    {"platform": "freeswitch", "name": "USER_BUSY", "value": 17, "to_sip": 486, "from_sip": [486], "meaning": "Busy."},
    {"platform": "freeswitch", "name": "NORMAL_UNSPECIFIED", "value": 31, "to_sip": null, "from_sip": [], "meaning": "Unspecified."},
    {"platform": "asterisk", "name": "AST_CAUSE_USER_BUSY", "value": 17, "to_sip": 486, "from_sip": [486], "meaning": "Busy.", "aliases": ["AST_CAUSE_BUSY"]}
  ],
  "next_steps": [
    {"id": "retry_later", "title": "Retry later", "description": "the same request may succeed later."}
  ]
})json";

// The fixture, loaded; fails the test when it does not load.
inline KnowledgeBase fixture_kb() {
    KnowledgeBase kb;
    const auto diags = kb.load("fixture.json", k_fixture);
    for (const auto& d : diags) {
        ADD_FAILURE() << d.to_string();
    }
    return kb;
}

}  // namespace sipwhy::test
