// `facecase-cli verdict set | review | history`: an analyst's verdict on a recorded candidate,
// named by case, search and rank as `case show` lists them, and a second analyst's review of a
// possible match. Each is appended with its audit record (verdict_set, old -> new, reason;
// verdict_reviewed); the actor is the OS user running the command, the analyst --analyst or it.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "services/casework/case_overview.h"
#include "services/casework/case_work.h"
#include "types/display_time.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <optional>

namespace facecase::cli {

namespace {
int fail(const Error& error) {
    printError(error.message);
    return exitCodeFor(error);
}

// "probe:120.5,88:scar above left eyebrow" -> a mark.
std::optional<VerdictRecord::Mark> parseMark(const QString& text) {
    static const QRegularExpression form(
        QStringLiteral("^(probe|candidate):([0-9]+(?:\\.[0-9]+)?),([0-9]+(?:\\.[0-9]+)?)(?::(.*))?$"));
    const QRegularExpressionMatch m = form.match(text.trimmed());
    if (!m.hasMatch()) return std::nullopt;
    VerdictRecord::Mark mark;
    mark.side = *VerdictRecord::sideFromName(m.captured(1));
    mark.position = QPointF(m.captured(2).toDouble(), m.captured(3).toDouble());
    mark.label = m.captured(4).trimmed();
    return mark;
}

QJsonObject reviewJson(const VerdictReview& r) {
    return QJsonObject{
        {QStringLiteral("review_id"), r.id},
        {QStringLiteral("annotation_id"), r.annotationId},
        {QStringLiteral("outcome"), VerdictReview::outcomeName(r.outcome)},
        {QStringLiteral("reason"), r.reason},
        {QStringLiteral("analyst"), r.analyst},
        {QStringLiteral("at"), r.reviewedAt.toUTC().toString(Qt::ISODateWithMs)},
    };
}

QString utcText(const QDateTime& time) {
    return displayTime(time);
}

QJsonObject verdictJson(const VerdictRecord& v) {
    QJsonArray marks;
    for (const VerdictRecord::Mark& m : v.marks) {
        marks.append(QJsonObject{{QStringLiteral("side"), VerdictRecord::sideName(m.side)},
                                 {QStringLiteral("x"), m.position.x()},
                                 {QStringLiteral("y"), m.position.y()},
                                 {QStringLiteral("label"), m.label}});
    }
    return QJsonObject{
        {QStringLiteral("annotation_id"), v.annotationId},
        {QStringLiteral("candidate_id"), v.candidateId},
        {QStringLiteral("search_id"), v.searchId},
        {QStringLiteral("rank"), v.rank},
        {QStringLiteral("verdict"), VerdictRecord::verdictName(v.verdict)},
        {QStringLiteral("reason"), v.reason},
        {QStringLiteral("notes"), v.notes},
        {QStringLiteral("analyst"), v.analyst},
        {QStringLiteral("at"), v.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("marks"), marks},
        {QStringLiteral("reviews"), [&v] {
             QJsonArray reviews;
             for (const VerdictReview& r : v.reviews) reviews.append(reviewJson(r));
             return reviews;
         }()},
    };
}

using Target = CaseOverview::CandidateTarget;

void addTargetOptions(QCommandLineParser& parser) {
    parser.addOption({QStringLiteral("case"), QStringLiteral("Case number (required)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("search"), QStringLiteral("Search id, as `case show` lists it (required)."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("rank"), QStringLiteral("The candidate's rank in that search (required)."),
                      QStringLiteral("r")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(parser);
}

// Usage error naming the first of `required` that is missing or blank.
std::optional<int> requireOptions(const QCommandLineParser& parser, const char* command,
                                  std::initializer_list<const char*> required) {
    for (const char* name : required) {
        if (parser.value(QLatin1String(name)).trimmed().isEmpty()) {
            printError(QStringLiteral("verdict %1 needs --%2").arg(QLatin1String(command), QLatin1String(name)));
            return kExitUsage;
        }
    }
    return std::nullopt;
}

// The candidate --case/--search/--rank name, in the workspace opened into `opened`.
struct Located {
    OpenedWorkspace opened;
    std::optional<Target> target;
    int searchId = 0;
    int rank = 0;
};
std::optional<int> locate(const QCommandLineParser& parser, Located& into) {
    const auto searchId = positiveIntOption(parser, QStringLiteral("search"));
    const auto rank = positiveIntOption(parser, QStringLiteral("rank"));
    if (!searchId || !rank) return kExitUsage;
    into.searchId = *searchId;
    into.rank = *rank;
    if (auto exit = openWorkspaceConnection(parser, into.opened)) return *exit;
    // Checked to belong together: the search is the case's, the rank is the search's.
    auto target = CaseOverview(*into.opened.connection)
                      .findCandidate(parser.value(QStringLiteral("case")), *searchId, *rank);
    if (!target) return fail(target.error());
    into.target = std::move(target).value();
    return std::nullopt;
}

// --OPTION as an id (or "none" = 0 where `noneAllowed`): what the analyst's screen showed, for
// the optimistic checks of CaseWork. Prints the usage error and returns none when malformed.
std::optional<qint64> expectedId(const QCommandLineParser& parser, const QString& option,
                                 const QString& what, bool noneAllowed) {
    const QString expected = parser.value(option).trimmed();
    bool number = false;
    const qint64 id = expected.toLongLong(&number);
    if (noneAllowed && expected == QLatin1String("none")) return 0;
    if (number && id > 0) return id;
    printError(QStringLiteral("--%1 is %2%3, not \"%4\"")
                   .arg(option, what, noneAllowed ? QStringLiteral(" or none") : QString(), expected));
    return std::nullopt;
}

int runSet(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Record a verdict on a candidate: possible_match (a lead, never an identification), "
        "no_match or inconclusive, with the reason (required). A changed mind is a new verdict; "
        "the earlier ones stay in the case and the audit log."));
    addTargetOptions(parser);
    parser.addOption({QStringLiteral("verdict"),
                      QStringLiteral("possible_match, no_match or inconclusive (required)."),
                      QStringLiteral("v")});
    parser.addOption({QStringLiteral("reason"), QStringLiteral("Why (required)."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("notes"), QStringLiteral("Further notes."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("analyst"), QStringLiteral("Analyst (default: the OS user)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("mark"),
                      QStringLiteral("A mark on one image, side:x,y[:label] in image pixels, e.g. "
                                     "probe:120,88:scar (repeatable)."),
                      QStringLiteral("mark")});
    parser.addOption({QStringLiteral("expect"),
                      QStringLiteral("The candidate's current verdict this one is decided on: its "
                                     "annotation_id (as `verdict history --json` lists it), or none. "
                                     "Refused when another analyst recorded a verdict since. "
                                     "Without it the verdict replaces whatever is current."),
                      QStringLiteral("id|none")});
    if (auto exit = parseOrExit(parser, args)) return *exit;
    if (auto exit = requireOptions(parser, "set", {"case", "search", "rank", "verdict", "reason"})) return *exit;
    const auto verdict = VerdictRecord::verdictFromName(parser.value(QStringLiteral("verdict")));
    if (!verdict) {
        printError(QStringLiteral("--verdict is possible_match, no_match or inconclusive, not \"%1\"")
                       .arg(parser.value(QStringLiteral("verdict"))));
        return kExitUsage;
    }
    CaseWork::VerdictDraft draft;
    if (parser.isSet(QStringLiteral("expect"))) {
        const auto seen = expectedId(parser, QStringLiteral("expect"), QStringLiteral("a verdict's annotation_id"), true);
        if (!seen) return kExitUsage;
        draft.seenVerdictId = *seen;
    }
    for (const QString& text : parser.values(QStringLiteral("mark"))) {
        auto mark = parseMark(text);
        if (!mark) {
            printError(QStringLiteral("--mark is side:x,y[:label] with side probe or candidate, "
                                      "e.g. probe:120,88:scar — not \"%1\"").arg(text));
            return kExitUsage;
        }
        draft.marks.push_back(*mark);
    }
    Located located;
    if (auto exit = locate(parser, located)) return *exit;
    const auto& connection = located.opened.connection;
    const auto& target = located.target;

    draft.candidateId = target->candidateId;
    draft.verdict = *verdict;
    draft.reason = parser.value(QStringLiteral("reason"));
    draft.notes = parser.value(QStringLiteral("notes"));
    draft.analyst = parser.value(QStringLiteral("analyst"));
    auto recorded = CaseWork(*connection, located.opened.workspace->actor()).setVerdict(draft);
    if (!recorded) return fail(recorded.error());
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject line = verdictJson(*recorded);
        line.insert(QStringLiteral("case"), target->theCase.caseNumber);
        printJson(line);
    } else {
        printLine(QStringLiteral("Case %1, search %2, rank %3 (candidate %4): %5 — %6")
                      .arg(target->theCase.caseNumber)
                      .arg(recorded->searchId)
                      .arg(recorded->rank)
                      .arg(recorded->candidateId)
                      .arg(VerdictRecord::verdictName(recorded->verdict), recorded->reason));
    }
    return kExitOk;
}

int runReview(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Second review of a candidate's current possible-match verdict, by an analyst other than "
        "the one who set it: --confirm or --dispute, with the reason (required). When the agency "
        "policy requires a second reviewer (review.second_reviewer), a possible match leaves in "
        "an export only confirmed, and not disputed since. A changed verdict needs a new review."));
    addTargetOptions(parser);
    parser.addOption({QStringLiteral("confirm"), QStringLiteral("Your own comparison supports the possible match.")});
    parser.addOption({QStringLiteral("dispute"), QStringLiteral("Your own comparison does not support it.")});
    parser.addOption({QStringLiteral("reason"), QStringLiteral("What your comparison found (required)."),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("analyst"), QStringLiteral("Reviewing analyst (default: the OS user)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("expect"),
                      QStringLiteral("The verdict you compared: its annotation_id (`verdict history "
                                     "--json`). Refused when a newer verdict replaced it since. "
                                     "Without it the current verdict is reviewed."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("expect-review"),
                      QStringLiteral("The verdict's latest review as you saw it: its review_id, or "
                                     "none. Refused when another review came in since."),
                      QStringLiteral("id|none")});
    if (auto exit = parseOrExit(parser, args)) return *exit;
    if (auto exit = requireOptions(parser, "review", {"case", "search", "rank", "reason"})) return *exit;
    if (parser.isSet(QStringLiteral("confirm")) == parser.isSet(QStringLiteral("dispute"))) {
        printError(QStringLiteral("verdict review needs exactly one of --confirm and --dispute"));
        return kExitUsage;
    }
    Located located;
    if (auto exit = locate(parser, located)) return *exit;
    const auto& connection = located.opened.connection;
    const auto& target = located.target;
    const int searchId = located.searchId;
    const int rank = located.rank;

    CaseWork::ReviewDraft draft;
    draft.candidateId = target->candidateId;  // its latest verdict, read under the write lock
    draft.outcome = parser.isSet(QStringLiteral("confirm")) ? VerdictReview::Outcome::Confirmed
                                                            : VerdictReview::Outcome::Disputed;
    draft.reason = parser.value(QStringLiteral("reason"));
    draft.analyst = parser.value(QStringLiteral("analyst"));
    if (parser.isSet(QStringLiteral("expect"))) {
        const auto verdict = expectedId(parser, QStringLiteral("expect"), QStringLiteral("a verdict's annotation_id"), false);
        if (!verdict) return kExitUsage;
        draft.annotationId = *verdict;
    }
    if (parser.isSet(QStringLiteral("expect-review"))) {
        const auto review = expectedId(parser, QStringLiteral("expect-review"), QStringLiteral("a review_id"), true);
        if (!review) return kExitUsage;
        draft.seenReviewId = *review;
    }
    auto reviewed = CaseWork(*connection, located.opened.workspace->actor()).reviewVerdict(draft);
    if (!reviewed) return fail(reviewed.error());
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject line = reviewJson(*reviewed);
        line.insert(QStringLiteral("case"), target->theCase.caseNumber);
        line.insert(QStringLiteral("candidate_id"), target->candidateId);
        line.insert(QStringLiteral("search_id"), searchId);
        line.insert(QStringLiteral("rank"), rank);
        printJson(line);
    } else {
        printLine(QStringLiteral("Case %1, search %2, rank %3: possible match %4 by %5 — %6")
                      .arg(target->theCase.caseNumber)
                      .arg(searchId)
                      .arg(rank)
                      .arg(VerdictReview::outcomeName(reviewed->outcome), reviewed->analyst, reviewed->reason));
    }
    return kExitOk;
}

int runHistory(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Every verdict a candidate got, oldest first (the last one is its current verdict), "
        "each with its second reviews."));
    addTargetOptions(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    if (auto exit = requireOptions(parser, "history", {"case", "search", "rank"})) return *exit;
    Located located;
    if (auto exit = locate(parser, located)) return *exit;
    const auto& connection = located.opened.connection;
    const auto& target = located.target;
    auto history = CaseWork(*connection, located.opened.workspace->actor()).history(target->candidateId);
    if (!history) return fail(history.error());
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const VerdictRecord& v : *history) list.append(verdictJson(v));
        printJson(QJsonObject{{QStringLiteral("case"), target->theCase.caseNumber},
                              {QStringLiteral("candidate_id"), target->candidateId},
                              {QStringLiteral("verdicts"), list}});
        return kExitOk;
    }
    if (history->empty()) printLine(QStringLiteral("No verdict yet."));
    for (const VerdictRecord& v : *history) {
        printLine(QStringLiteral("%1  %2  %3 — %4%5")
                      .arg(utcText(v.createdAt), v.analyst, VerdictRecord::verdictName(v.verdict), v.reason,
                           v.notes.isEmpty() ? QString() : QStringLiteral(" (notes: %1)").arg(v.notes)));
        for (const VerdictReview& r : v.reviews) {
            printLine(QStringLiteral("    %1  %2 by %3 — %4")
                          .arg(utcText(r.reviewedAt), VerdictReview::outcomeName(r.outcome), r.analyst, r.reason));
        }
    }
    return kExitOk;
}
}  // namespace

int runVerdict(const QStringList& args) {
    const QString what = args.size() > 1 ? args[1] : QString();
    if (what == QLatin1String("set")) return runSet(args.mid(1));
    if (what == QLatin1String("review")) return runReview(args.mid(1));
    if (what == QLatin1String("history")) return runHistory(args.mid(1));
    printError(QStringLiteral("verdict what? set --case N --search ID --rank R --verdict V --reason "
                              "TEXT, review --case N --search ID --rank R --confirm|--dispute --reason "
                              "TEXT, or history --case N --search ID --rank R"));
    return kExitUsage;
}

}  // namespace facecase::cli
