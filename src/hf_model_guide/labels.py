"""Every text the project writes onto a page, a notebook or the site, in every language.

One block per language, the default (zh) first; each block has the same groups and keys, and
the same ``{placeholders}`` in each text (``tests/labels`` checks it). Adding a language is
adding its block here (see the contributing guide, "Adding a language").
"""

from __future__ import annotations

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "zh": {
        # what a page shows around a snippet's output (engine.directives)
        "snippets": {
            "output": "输出",
            "failed": "运行出错",
            "not_run_title": "未运行",
            "not_run": "本次构建没有运行代码（`RUN_SNIPPETS=false`），页面只显示代码，不显示输出。",
            "not_run_value": "‹未运行›",
            "error_value": "‹出错›",
            "running_title": "运行中",
            "running": "这段代码还在运行；运行结束后页面会重新生成。",
            "running_value": "‹运行中›",
            "standin_title": "离线替身模型",
            "standin": "本页的输出来自[离线替身模型]({url})，不是 Hub 上的原模型，数值与原文不同。",
            "by_standin": "离线替身模型",
            "by_hub": "Hub 上的 checkpoint",
        },
        # the 2023 article's quoted values (pages.quoted)
        "quoted": {
            "article": "2023 年原文，真实 checkpoint，TensorFlow",
            "repo": "Hub 上的真实 checkpoint",
            "unknown": "‹未知的引用›",
        },
        # the note on how a page's outputs were made (outputs.provenance)
        "provenance": {
            "title": "这些输出是怎么来的",
            "body": "本页的输出由 {date} 的构建运行代码得到，环境为 {versions}{model}。",
            "manifest": "每个输出和它的环境都记录在本站的输出清单 {link} 里。",
            "hub": "；模型是 Hugging Face Hub 上的 {checkpoint}，版本 {revision}",
            "hub_unpinned": "；模型是 Hugging Face Hub 上的 {checkpoint}",
            "standin": "；模型是[离线替身模型]({card})（{fingerprint}），代替 {checkpoint}",
        },
        # a notebook's first cell: where its outputs come from (notebooks.origin)
        "notebook_origin": {
            "standin": (
                "**这个笔记本里保存的输出来自离线替身模型**，不是 Hugging Face Hub 上的原模型"
                "（参见[替身模型的模型卡]({url})）。"
            ),
            "hub": (
                "**这个笔记本里保存的输出来自 Hugging Face Hub 上的真实 checkpoint** `{checkpoint}`。"
            ),
            "none": "这个笔记本里没有保存输出。",
            "unrun": (
                "**这个笔记本不保存输出**：运行它（在 Colab 或 Jupyter 中），每个单元格会打印你的环境"
                "得到的结果。"
            ),
            "unrun_standin": (
                "正文中的数字来自生成这个文件时的运行，用的是离线替身模型"
                "（参见[替身模型的模型卡]({url})），不是真实 checkpoint。"
            ),
            "unrun_hub": "正文中的数字来自生成这个文件时用真实 checkpoint `{checkpoint}` 的运行。",
            "unrun_none": "",
            "expect": (
                "用真实 checkpoint 重新运行时，应当得到 2023 年原文（真实 checkpoint，TensorFlow）"
                "打印的值，logits 和概率的差别在 0.001 以内："
            ),
        },
        # a notebook's stand-in for what only the site shows (notebooks.prose)
        "notebook_prose": {
            "interactive": "（这里是网站上的交互内容，请在[网站上的这一页]({url})查看。）",
        },
        # the notebook page's buttons (plugins.notebooks)
        "notebook_buttons": {"download": "下载笔记本（.ipynb）", "colab": "在 Colab 中打开"},
        # the translation notices on a page (checks.translation_status); {guide} is a link to the contributing guide, or empty
        "translation_notices": {
            "untranslated_title": "尚未翻译",
            "untranslated": "这一页还没有翻译成中文，下面显示的是原文。{guide}",
            "outdated_title": "译文可能已过时",
            "outdated": "原文在这篇译文最后一次更新之后又有修改（{commit}，{date}），译文可能没有跟上。{guide}",
            "guide": "欢迎[参与翻译]({url})。",
            "problems_title": "这一页有问题",
            "problems": "`mkdocs build --strict` 会因此失败；改好后这条提示自动消失。{guide}",
        },
        # the translation status page (checks.translation_status)
        "translation_status": {
            "title": "翻译状态",
            "intro": "每一页在各语言中的状态，每次构建时由翻译检查生成。“可能已过时”的译文在页面顶部也有提示；"
            "译文仍然正确时，在它的 front matter 里写上 `translation_checked: 原文的 commit` 即可。",
            "page": "页面",
            "translated": "已翻译",
            "outdated": "可能已过时",
            "waiting": "等待翻译",
            "missing": "缺少译文",
        },
        # the sections of an original that changed since its translation was last checked
        # (checks.translation_sections, in the "out of date" notice and the status page)
        "translation_sections": {
            "notice": "自译文上次更新或核对以来，原文中这些小节有改动：",
            "status": "自译文上次更新或核对以来原文有改动的小节，逐页列出（展开可看原文的改动）：",
            "page": "{page}，{lang} 译文：",
            "changed": "有改动",
            "added": "原文新增",
            "removed": "原文已删除",
            "start": "页面开头（第一个标题之前）",
            "both": "{first}（{second}）",
            "item": "{name}：{kind}",
            "diff": "原文的改动：{path}，{before} → {now}",
            "more": "……还有 {count} 行，完整改动见 {command}",
        },
    },
    "en": {
        # what a page shows around a snippet's output (engine.directives)
        "snippets": {
            "output": "Output",
            "failed": "Snippet failed",
            "not_run_title": "Not run",
            "not_run": (
                "This build did not run the code (`RUN_SNIPPETS=false`): the page shows "
                "code without its output."
            ),
            "not_run_value": "‹not run›",
            "error_value": "‹error›",
            "running_title": "Running",
            "running": "This snippet is still running; the page is rebuilt when it ends.",
            "running_value": "‹running›",
            "standin_title": "Offline stand-in model",
            "standin": (
                "The outputs here come from [an offline stand-in model]({url}), not the Hub's "
                "original; numbers differ from the 2023 article's."
            ),
            "by_standin": "offline stand-in",
            "by_hub": "the Hub's checkpoint",
        },
        # the 2023 article's quoted values (pages.quoted)
        "quoted": {
            "article": "2023 article, real checkpoint, TensorFlow",
            "repo": "the real checkpoint on the Hub",
            "unknown": "‹unknown quotation›",
        },
        # the note on how a page's outputs were made (outputs.provenance)
        "provenance": {
            "title": "How these outputs were made",
            "body": "The outputs on this page come from running the code in the build of {date}, with {versions}{model}.",
            "manifest": "Every output and its environment are listed in the site's output manifest, {link}.",
            "hub": "; the model is {checkpoint} from the Hugging Face Hub, revision {revision}",
            "hub_unpinned": "; the model is {checkpoint} from the Hugging Face Hub",
            "standin": "; the model is [the offline stand-in]({card}) ({fingerprint}) in place of {checkpoint}",
        },
        # a notebook's first cell: where its outputs come from (notebooks.origin)
        "notebook_origin": {
            "standin": (
                "**The outputs stored in this notebook come from the offline stand-in model**, not "
                "the original model on the Hugging Face Hub (see [the stand-in's model card]({url}))."
            ),
            "hub": (
                "**The outputs stored in this notebook come from the real checkpoint** "
                "`{checkpoint}` on the Hugging Face Hub."
            ),
            "none": "This notebook holds no stored outputs.",
            "unrun": (
                "**This notebook stores no outputs**: run it (in Colab or Jupyter) and each cell "
                "prints what your environment gives."
            ),
            "unrun_standin": (
                "The numbers in the text come from the run that made this file, with the offline "
                "stand-in model (see [the stand-in's model card]({url})), not the real checkpoint."
            ),
            "unrun_hub": (
                "The numbers in the text come from the run that made this file, with the real "
                "checkpoint `{checkpoint}`."
            ),
            "unrun_none": "",
            "expect": (
                "Re-run with the real checkpoint, it should print what the 2023 article printed "
                "(real checkpoint, TensorFlow), logits and probabilities within 0.001:"
            ),
        },
        # a notebook's stand-in for what only the site shows (notebooks.prose)
        "notebook_prose": {
            "interactive": "(Interactive content: see [this page on the site]({url}).)",
        },
        # the notebook page's buttons (plugins.notebooks)
        "notebook_buttons": {
            "download": "Download the notebook (.ipynb)",
            "colab": "Open in Colab",
        },
        # the translation notices on a page (checks.translation_status); {guide} is a link to the contributing guide, or empty
        "translation_notices": {
            "untranslated_title": "Not yet translated",
            "untranslated": (
                "This page has not been translated into English yet, so it is shown in "
                "its original language. {guide}"
            ),
            "outdated_title": "This translation may be out of date",
            "outdated": (
                "The original page changed after this translation was last updated "
                "({commit}, {date}); the translation may not say the same yet. {guide}"
            ),
            "guide": "[Help translate it]({url}).",
            "problems_title": "This page has problems",
            "problems": (
                "`mkdocs build --strict` fails on them; this notice goes once they are fixed. {guide}"
            ),
        },
        # the translation status page (checks.translation_status)
        "translation_status": {
            "title": "Translation status",
            "intro": "Each page's state in every language, made by the translation check at each "
            "build. A translation that may be out of date says so at its top too; when it is still "
            "right, add `translation_checked: <the original's commit>` to its front matter.",
            "page": "Page",
            "translated": "translated",
            "outdated": "may be out of date",
            "waiting": "waiting for translation",
            "missing": "missing",
        },
        # the sections of an original that changed since its translation was last checked
        # (checks.translation_sections, in the "out of date" notice and the status page)
        "translation_sections": {
            "notice": "Sections of the original that changed since this translation was last "
            "updated or checked:",
            "status": "The sections of each original that changed since its translation was last "
            "updated or checked (open one to see the original's change):",
            "page": "{page}, {lang} translation:",
            "changed": "changed",
            "added": "added to the original",
            "removed": "removed from the original",
            "start": "Start of the page (before its first heading)",
            "both": "{first} ({second})",
            "item": "{name}: {kind}",
            "diff": "The original's change: {path}, {before} → {now}",
            "more": "… {count} more lines; the whole change: {command}",
        },
    },
}


def table(group: str) -> dict[str, dict[str, str]]:
    """One group's texts by language, as the module that writes them reads them."""
    return {lang: groups[group] for lang, groups in LABELS.items()}
