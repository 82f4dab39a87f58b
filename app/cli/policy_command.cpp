// `facecase-cli policy show | set KEY=VALUE... --reason TEXT | set-passphrase`: the agency's
// guardrail policy, stored in the workspace. Anyone may look; changes need the supervisor
// passphrase and are audited (PolicyStore), refusals included.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/passphrase_reader.h"
#include "cli/workspace_args.h"
#include "policy/policy_store.h"

#include <QJsonArray>
#include <QLocale>

namespace facecase::cli {

namespace {
const QString kStdinOption = QStringLiteral("passphrase-stdin");

void addPassphraseOption(QCommandLineParser& parser) {
    parser.addOption({kStdinOption, QStringLiteral("Read the passphrase(s) from standard input, one "
                                                   "per line, instead of the terminal.")});
}

QString bounds(const AgencyPolicy::Setting& s) {
    if (s.isChoice()) return s.choices.join(QLatin1Char('|'));
    const QLocale english(QLocale::English);
    return QStringLiteral("%1..%2").arg(english.toString(s.minimum), english.toString(s.maximum));
}

int runShow(const QStringList& args) {
    WorkspaceCommandArgs a;
    a.prepare(QStringLiteral("Show the agency policy in force in the workspace."));
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    if (auto exit = a.open()) return *exit;
    PolicyStore store(*a.connection);
    auto policy = store.load();
    if (!policy) {
        printError(policy.errorMessage());
        return exitCodeFor(policy.error());
    }
    auto guarded = store.hasSupervisorPassphrase();
    if (!guarded) {
        printError(guarded.errorMessage());
        return exitCodeFor(guarded.error());
    }
    const AgencyPolicy defaults;
    if (a.json()) {
        QJsonArray settings;
        for (const AgencyPolicy::Setting& s : AgencyPolicy::settings()) {
            settings.append(QJsonObject{{QStringLiteral("key"), s.key},
                                        {QStringLiteral("value"), policy->valueText(s.key)},
                                        {QStringLiteral("default"), defaults.valueText(s.key)},
                                        {QStringLiteral("allowed"), bounds(s)},
                                        {QStringLiteral("description"), s.description}});
        }
        printJson(QJsonObject{{QStringLiteral("workspace"), a.workspace->folder()},
                              {QStringLiteral("supervisor_passphrase_set"), *guarded},
                              {QStringLiteral("settings"), settings}});
        return kExitOk;
    }
    printLine(QStringLiteral("Agency policy of %1").arg(a.workspace->folder()));
    for (const AgencyPolicy::Setting& s : AgencyPolicy::settings()) {
        const QString value = policy->valueText(s.key);
        printLine(QStringLiteral("  %1 = %2%3   (%4)\n      %5")
                      .arg(s.key, value,
                           value == defaults.valueText(s.key) ? QStringLiteral(" (default)") : QString(),
                           bounds(s), s.description));
    }
    printLine(*guarded ? QStringLiteral("Changes need the supervisor passphrase (facecase-cli policy set).")
                       : QStringLiteral("No supervisor passphrase is set: the policy cannot be changed "
                                        "until a supervisor sets one (facecase-cli policy set-passphrase)."));
    return kExitOk;
}

int runSet(const QStringList& args) {
    WorkspaceCommandArgs a;
    a.prepare(QStringLiteral("Change policy settings (supervisor passphrase required; audited)."));
    a.parser.addPositionalArgument(QStringLiteral("setting"), QStringLiteral("KEY=VALUE, one or more."),
                                   QStringLiteral("KEY=VALUE..."));
    a.parser.addOption({QStringLiteral("reason"), QStringLiteral("Why (required; recorded)."), QStringLiteral("text")});
    addPassphraseOption(a.parser);
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    std::vector<PolicyStore::Change> changes;
    for (const QString& pair : a.parser.positionalArguments()) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            printError(QStringLiteral("\"%1\" is not KEY=VALUE (facecase-cli policy show lists the keys)").arg(pair));
            return kExitUsage;
        }
        changes.push_back({pair.left(eq), pair.mid(eq + 1)});
    }
    if (changes.empty()) {
        printError(QStringLiteral("policy set needs at least one KEY=VALUE"));
        return kExitUsage;
    }
    if (a.parser.value(QStringLiteral("reason")).trimmed().isEmpty()) {
        printError(QStringLiteral("policy set needs --reason TEXT: it goes into the audit log"));
        return kExitUsage;
    }
    if (auto exit = a.open()) return *exit;
    const auto passphrase =
        PassphraseReader(a.parser.isSet(kStdinOption)).read(QStringLiteral("Supervisor passphrase"));
    if (!passphrase) return kExitUsage;
    PolicyStore store(*a.connection);
    auto changed = store.change(changes, *passphrase, a.parser.value(QStringLiteral("reason")),
                                a.workspace->actor().name());
    if (!changed) {
        printError(changed.errorMessage() + QStringLiteral(" (the attempt is in the audit log)"));
        return exitCodeFor(changed.error());
    }
    if (a.json()) {
        printJson(QJsonObject{{QStringLiteral("audit_seq"), changed->seq},
                              {QStringLiteral("changes"), changed->detailsObject().value(QStringLiteral("changes"))}});
        return kExitOk;
    }
    for (const QJsonValue& c : changed->detailsObject().value(QStringLiteral("changes")).toArray()) {
        const QJsonObject o = c.toObject();
        printLine(QStringLiteral("%1: %2 -> %3").arg(o.value(QStringLiteral("key")).toString(),
                                                     o.value(QStringLiteral("from")).toString(),
                                                     o.value(QStringLiteral("to")).toString()));
    }
    printLine(QStringLiteral("Recorded as audit record %1.").arg(changed->seq));
    return kExitOk;
}

int runSetPassphrase(const QStringList& args) {
    WorkspaceCommandArgs a;
    a.prepare(QStringLiteral("Set the supervisor passphrase (the first time), or change it (give the "
                             "current one first). With --passphrase-stdin: the current passphrase "
                             "(only when one is set), then the new one twice, one per line."));
    addPassphraseOption(a.parser);
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    if (auto exit = a.open()) return *exit;
    PolicyStore store(*a.connection);
    auto guarded = store.hasSupervisorPassphrase();
    if (!guarded) {
        printError(guarded.errorMessage());
        return exitCodeFor(guarded.error());
    }
    const PassphraseReader reader(a.parser.isSet(kStdinOption));
    QString current;
    if (*guarded) {
        auto line = reader.read(QStringLiteral("Current supervisor passphrase"));
        if (!line) return kExitUsage;
        current = *line;
    }
    auto next = reader.read(QStringLiteral("New supervisor passphrase"));
    if (!next) return kExitUsage;
    auto again = reader.read(QStringLiteral("The new passphrase again"));
    if (!again) return kExitUsage;
    if (*next != *again) {
        printError(QStringLiteral("the two new passphrases differ; nothing was changed"));
        return kExitInputProblem;
    }
    auto set = store.setSupervisorPassphrase(current, *next, a.workspace->actor().name());
    if (!set) {
        printError(set.errorMessage());
        return exitCodeFor(set.error());
    }
    if (a.json()) {
        printJson(QJsonObject{{QStringLiteral("audit_seq"), set->seq}, {QStringLiteral("action"), set->action}});
    } else {
        printLine(QStringLiteral("Supervisor passphrase %1 (audit record %2).")
                      .arg(*guarded ? QStringLiteral("changed") : QStringLiteral("set"))
                      .arg(set->seq));
    }
    return kExitOk;
}
}  // namespace

int runPolicy(const QStringList& args) {
    const QString what = args.size() > 1 ? args[1] : QString();
    if (what == QLatin1String("show")) return runShow(args.mid(1));
    if (what == QLatin1String("set")) return runSet(args.mid(1));
    if (what == QLatin1String("set-passphrase")) return runSetPassphrase(args.mid(1));
    printError(QStringLiteral("policy what? show, set KEY=VALUE... --reason TEXT, or set-passphrase"));
    return kExitUsage;
}

}  // namespace facecase::cli
