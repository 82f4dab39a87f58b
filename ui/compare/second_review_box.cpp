#include "compare/second_review_box.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>
#include <utility>

#include "jobs/database_worker.h"
#include "services/casework/case_work.h"
#include "types/display_time.h"

namespace facecase::ui {

namespace {
bool sameAnalyst(const QString& a, const QString& b) {
    return a.trimmed().compare(b.trimmed(), Qt::CaseInsensitive) == 0;
}
}  // namespace

SecondReviewBox::SecondReviewBox(QWidget* parent)
    : QGroupBox(tr("Second review"), parent) {
    setObjectName(QStringLiteral("secondReview"));
    setToolTip(tr("A possible match confirmed (or disputed) by a second analyst. When the agency "
                  "policy requires it, a possible match leaves an export only confirmed."));

    m_reviews = new QListWidget(this);
    m_reviews->setObjectName(QStringLiteral("secondReviewList"));
    m_reviews->setAccessibleName(tr("Reviews of the current verdict"));
    m_reviews->setWordWrap(true);
    m_reviews->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_reviews->setSelectionMode(QAbstractItemView::NoSelection);
    m_reviews->setFixedHeight(m_reviews->fontMetrics().lineSpacing() * 3 + 10);

    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("secondReviewReason"));
    m_reason->setPlaceholderText(tr("Required: what your own comparison found"));
    m_reason->setMaxLength(CaseWork::kMaxReasonLength);
    m_reason->setClearButtonEnabled(true);

    m_confirm = new QPushButton(tr("Con&firm as second reviewer"), this);
    m_confirm->setObjectName(QStringLiteral("secondReviewConfirm"));
    m_dispute = new QPushButton(tr("&Dispute"), this);
    m_dispute->setObjectName(QStringLiteral("secondReviewDispute"));

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("secondReviewHint"));
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_hint, 1);
    buttons->addWidget(m_dispute, 0, Qt::AlignTop);
    buttons->addWidget(m_confirm, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_reviews);
    layout->addWidget(m_reason);
    layout->addLayout(buttons);

    connect(m_reason, &QLineEdit::textChanged, this, &SecondReviewBox::updateState);
    connect(m_confirm, &QPushButton::clicked, this, [this] { submit(VerdictReview::Outcome::Confirmed); });
    connect(m_dispute, &QPushButton::clicked, this, [this] { submit(VerdictReview::Outcome::Disputed); });
    setVisible(false);
}

void SecondReviewBox::setDatabase(DatabaseWorker* database) {
    m_database = database;
    if (m_database && m_actor.isEmpty()) m_actor = m_database->workspace().actor().name();
    refresh();
}

void SecondReviewBox::setActor(const QString& actor) {
    m_actor = actor;
    updateState();
}

void SecondReviewBox::setCandidate(std::optional<qint64> candidateId) {
    if (candidateId != m_candidateId) {
        m_reason->clear();
        m_notice.clear();
    }
    m_candidateId = candidateId;
    refresh();
}

void SecondReviewBox::refresh() {
    const quint64 generation = ++m_generation;
    m_busy = false;
    if (!m_database || !m_candidateId) {
        display(std::nullopt);
        return;
    }
    const qint64 id = *m_candidateId;
    m_database->run<std::vector<VerdictRecord>>(
        [id, actor = m_actor](const DatabaseConnection& c) { return CaseWork(c, Actor(actor)).history(id); }, this,
        [this, generation](Result<std::vector<VerdictRecord>> history) {
            if (generation != m_generation) return;  // another candidate, or read again since
            if (!history) {
                display(std::nullopt);
                m_hint->setText(tr("The reviews could not be read: %1").arg(history.errorMessage()));
                emit failed(history.errorMessage());
                return;
            }
            display(history->empty() ? std::nullopt : std::optional<VerdictRecord>(history->back()));
            if (!m_notice.isEmpty()) m_hint->setText(std::exchange(m_notice, QString()));
            emit loaded();
        });
}

void SecondReviewBox::display(std::optional<VerdictRecord> verdict) {
    m_verdict = std::move(verdict);
    m_reviews->clear();
    const bool possibleMatch = m_verdict && m_verdict->verdict == VerdictRecord::Verdict::PossibleMatch;
    setVisible(possibleMatch);
    if (possibleMatch) {
        for (const VerdictReview& r : m_verdict->reviews) {
            auto* item = new QListWidgetItem(
                tr("%1 by %2 on %3: %4")
                    .arg(r.outcome == VerdictReview::Outcome::Confirmed ? tr("Confirmed") : tr("Disputed"),
                         r.analyst, displayTime(r.reviewedAt), r.reason),
                m_reviews);
            item->setToolTip(item->text());
        }
        if (m_verdict->reviews.empty()) {
            auto* none = new QListWidgetItem(tr("Not reviewed by a second analyst yet"), m_reviews);
            none->setFlags(Qt::NoItemFlags);
            none->setForeground(palette().color(QPalette::PlaceholderText));
        }
    }
    updateState();
}

bool SecondReviewBox::canReview() const {
    return m_database && !m_busy && m_verdict && m_verdict->verdict == VerdictRecord::Verdict::PossibleMatch &&
           !sameAnalyst(m_verdict->analyst, m_actor) && !m_reason->text().trimmed().isEmpty();
}

void SecondReviewBox::updateState() {
    const bool own = m_verdict && sameAnalyst(m_verdict->analyst, m_actor);
    // The analyst who set the verdict sees its reviews but cannot review it: nothing to click.
    m_reason->setVisible(!own);
    m_confirm->setVisible(!own);
    m_dispute->setVisible(!own);
    const bool ready = canReview();
    m_confirm->setEnabled(ready);
    m_dispute->setEnabled(ready);
    if (!m_verdict) {
        m_hint->clear();
    } else if (own) {
        m_hint->setText(tr("You set this verdict; another analyst reviews it."));
    } else if (m_busy) {
        m_hint->setText(tr("Recording\u2026"));
    } else if (m_reason->text().trimmed().isEmpty()) {
        m_hint->setText(tr("Possible match by %1: compare the faces yourself, then confirm or dispute "
                           "with your reason.").arg(m_verdict->analyst));
    } else {
        m_hint->clear();
    }
}

void SecondReviewBox::submit(VerdictReview::Outcome outcome) {
    if (!canReview() || !m_candidateId) return;
    CaseWork::ReviewDraft draft;
    draft.candidateId = *m_candidateId;
    draft.annotationId = m_verdict->annotationId;  // the verdict on screen, not a newer one
    draft.seenReviewId = m_verdict->reviews.empty() ? 0 : m_verdict->reviews.back().id;
    draft.outcome = outcome;
    draft.reason = m_reason->text();
    draft.analyst = m_actor;
    m_busy = true;
    updateState();
    const quint64 generation = m_generation;
    const qint64 id = *m_candidateId;
    m_database->run<VerdictReview>(
        [draft, actor = m_actor](const DatabaseConnection& c) { return CaseWork(c, Actor(actor)).reviewVerdict(draft); },
        this, [this, generation, id](Result<VerdictReview> recorded) {
            if (generation != m_generation) return;
            m_busy = false;
            if (!recorded) {
                updateState();
                const QString said = tr("The review was not recorded: %1").arg(recorded.errorMessage());
                m_hint->setText(said);
                // Another analyst came first: show their verdict or review, keep the reason typed.
                if (recorded.error().kind == Error::Kind::Conflict) {
                    m_notice = said;
                    refresh();
                }
                emit failed(recorded.errorMessage());
                return;
            }
            m_reason->clear();
            emit reviewRecorded(id);
            refresh();
        });
}

}  // namespace facecase::ui
