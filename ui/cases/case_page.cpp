#include "cases/case_page.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include "cases/case_list_model.h"
#include "types/display_time.h"

namespace facecase::ui {

CasePage::CasePage(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("casePage"));

    auto* header = new QFrame(this);
    header->setObjectName(QStringLiteral("caseHeader"));
    header->setFrameShape(QFrame::NoFrame);
    header->setAutoFillBackground(true);
    header->setBackgroundRole(QPalette::AlternateBase);

    m_back = new QToolButton(header);
    m_back->setObjectName(QStringLiteral("backToCases"));
    m_back->setIcon(QIcon(QStringLiteral(":/icons/go-previous.svg")));
    m_back->setText(tr("Cases"));
    m_back->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_back->setAutoRaise(true);
    m_back->setToolTip(tr("Back to the list of cases (Alt+Left)"));
    m_back->setAccessibleName(tr("Back to cases"));
    m_back->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    connect(m_back, &QToolButton::clicked, this, &CasePage::backRequested);

    m_number = new QLabel(header);
    m_number->setObjectName(QStringLiteral("caseHeaderNumber"));
    QFont strong = m_number->font();
    strong.setPointSizeF(strong.pointSizeF() * 1.25);
    strong.setWeight(QFont::DemiBold);
    m_number->setFont(strong);
    m_number->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_title = new QLabel(header);
    m_title->setObjectName(QStringLiteral("caseHeaderTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);

    m_status = new QLabel(header);
    m_status->setObjectName(QStringLiteral("caseHeaderStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);

    m_purpose = new QLabel(header);
    m_purpose->setObjectName(QStringLiteral("caseHeaderPurpose"));
    m_purpose->setTextFormat(Qt::PlainText);
    m_purpose->setForegroundRole(QPalette::PlaceholderText);
    m_purpose->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // One line: the full text is in the tooltip; the header must not push the photo down.
    m_purpose->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* top = new QHBoxLayout;
    top->setSpacing(10);
    top->addWidget(m_number);
    top->addWidget(m_title, 1);
    top->addWidget(m_status);

    auto* text = new QVBoxLayout;
    text->setSpacing(2);
    text->addLayout(top);
    text->addWidget(m_purpose);

    auto* row = new QHBoxLayout(header);
    row->setContentsMargins(8, 6, 16, 6);
    row->setSpacing(12);
    row->addWidget(m_back, 0, Qt::AlignVCenter);
    row->addLayout(text, 1);

    auto* line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);

    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(0);
    m_layout->addWidget(header);
    m_layout->addWidget(line);
}

void CasePage::setContent(QWidget* content) {
    if (content == m_content) return;
    delete m_content;
    m_content = content;
    if (m_content) {
        m_content->setParent(this);
        m_layout->addWidget(m_content, 1);
        setFocusProxy(m_content);
    }
}

void CasePage::setCase(const CaseRecord& record) {
    m_case = record;
    m_number->setText(record.caseNumber);
    m_title->setText(record.title);
    m_status->setText(CaseListModel::statusText(record.status));
    const QString purpose = record.purpose.simplified();
    m_purpose->setText(tr("Purpose / legal basis: %1").arg(purpose));
    m_purpose->setToolTip(tr("Purpose / legal basis:\n%1").arg(record.purpose));
    m_number->setToolTip(
        tr("Case %1, opened %2 by analyst %3")
            .arg(record.caseNumber,
                 displayTime(record.openedAt),
                 record.analyst));
}

QString CasePage::headerText() const {
    return QStringList{m_number->text(), m_title->text(), m_purpose->text(), m_status->text()}.join(
        QLatin1Char('\n'));
}

}  // namespace facecase::ui
