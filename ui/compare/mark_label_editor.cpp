#include "compare/mark_label_editor.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <algorithm>

#include "services/casework/case_work.h"

namespace facecase::ui {

MarkLabelEditor::MarkLabelEditor(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("markLabelEditor"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_caption = new QLabel(this);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("markLabelEdit"));
    m_edit->setPlaceholderText(tr("What does it show? e.g. scar above left eyebrow"));
    m_edit->setToolTip(tr("Label of the mark; Enter adds it, Esc drops the mark"));
    m_edit->setMaxLength(CaseWork::kMaxLabelLength);
    m_edit->setMinimumWidth(260);
    m_edit->installEventFilter(this);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(6);
    layout->addWidget(m_caption);
    layout->addWidget(m_edit, 1);
    connect(m_edit, &QLineEdit::returnPressed, this, &MarkLabelEditor::accept);
    hide();
}

void MarkLabelEditor::open(int number, const QPointF& viewPoint) {
    m_caption->setText(tr("Mark %1:").arg(number));
    m_edit->clear();
    adjustSize();
    const QWidget* area = parentWidget();
    // Below and right of the point, flipped or clamped so it never leaves the photo view.
    QPoint at = viewPoint.toPoint() + QPoint(14, 12);
    if (area) {
        if (at.x() + width() > area->width()) at.setX(viewPoint.toPoint().x() - 14 - width());
        if (at.y() + height() > area->height()) at.setY(viewPoint.toPoint().y() - 12 - height());
        at.setX(std::clamp(at.x(), 0, std::max(0, area->width() - width())));
        at.setY(std::clamp(at.y(), 0, std::max(0, area->height() - height())));
    }
    move(at);
    show();
    raise();
    m_edit->setFocus(Qt::OtherFocusReason);
}

void MarkLabelEditor::accept() {
    const QString label = m_edit->text().trimmed();
    if (label.isEmpty()) return;  // Enter on nothing: keep asking
    hide();
    emit accepted(label);
}

bool MarkLabelEditor::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_edit && isVisible()) {
        if ((event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) &&
            static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
            event->accept();
            if (event->type() == QEvent::KeyPress) {
                hide();
                emit cancelled();
            }
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}

}  // namespace facecase::ui
