"""The composer's phrases for what a question asks beyond a list (phrases.py merges them into its one table).

Refusals of what the plan does not hold, requests that are no question, counts per group and the most or least,
summaries of a domain: key -> (Dutch, English), filled by say().
"""

from __future__ import annotations

ASKED_PHRASES: dict[str, tuple[str, str]] = {
    # What the plan does not hold: one sentence, then (abstain.related) the few actions it concerns.
    "abstain.approval": (
        "Het actieplan zegt niet of iets goedgekeurd, aanvaard of beslist is: het beschrijft wat gepland is.",
        "The action plan does not say whether anything was approved, accepted or decided: it describes what is "
        "planned.",
    ),
    "abstain.outcome": (
        "Het actieplan bevat geen resultaten, effecten of stand van zaken: het beschrijft wat gepland is, niet wat "
        "er al gebeurd of bereikt is.",
        "The action plan holds no results, effects or progress: it describes what is planned, not what has already "
        "happened or been achieved.",
    ),
    "abstain.attendance": (
        "Het actieplan bevat geen cijfers over deelnemers of opkomst.",
        "The action plan holds no figures on participants or attendance.",
    ),
    "abstain.permission": (
        "Het actieplan stelt geen regels en verleent geen vergunningen, steun of rechten: of je dit mag, moet of "
        "ervoor in aanmerking komt, zegt het niet.",
        "The action plan sets no rules and grants no permits, support or rights: it does not say whether you may, "
        "must or are eligible.",
    ),
    "abstain.eligibility": (
        "Het actieplan verleent zelf geen steun en beslist niet wie ergens voor in aanmerking komt.",
        "The action plan grants no support itself and does not decide who is eligible for anything.",
    ),
    "abstain.law": (
        "Het actieplan is geen regelgeving en geeft geen juridisch of fiscaal advies: welke regels, boetes of "
        "aansprakelijkheid voor jou gelden, zegt het niet.",
        "The action plan is not legislation and gives no legal or tax advice: it does not say which rules, fines or "
        "liability apply to you.",
    ),
    "abstain.permission_related": (
        "Wel werkt het plan aan het volgende; de trekker van elke actie staat erbij:",
        "The plan does work on the following; each action's lead is given:",
    ),
    "abstain.related_line": ("• {title} ({id}) — trekker: {lead}.", "• {title} ({id}) — lead: {lead}."),
    "abstain.org_count": (
        "{org} is betrokken bij {count} acties van het plan.",
        "{org} takes part in {count} of the plan's actions.",
    ),
    "search.no_verdict_law": (
        "Juridisch of fiscaal advies geeft het actieplan niet: het is geen regelgeving.",
        "The action plan gives no legal or tax advice: it is not legislation.",
    ),
    "search.no_verdict": (
        "Of je dit mag of moet, zegt het actieplan niet: het stelt geen regels.",
        "Whether you may or must do this, the action plan does not say: it sets no rules.",
    ),
    # A request that is not a question about the plan.
    "abstain.task": (
        "Daar kan ik niet bij helpen: ik beantwoord vragen over het actieplan van VITO Kennispunt Water (welke "
        "acties er zijn, wie ze trekt, wanneer ze lopen, wat het plan bedrijven biedt). Probeer bijvoorbeeld: "
        "“Welke acties lopen nu rond PFAS?” of “Welke steun is er voor waterhergebruik in een kmo?”",
        "I can't help with that: I answer questions about VITO Kennispunt Water's action plan (which actions there "
        "are, who leads them, when they run, what the plan offers companies). Try for example: “Which actions on "
        "PFAS are running now?” or “What support is there for water reuse in an SME?”",
    ),
    # Counts per group, and the group with the most or least.
    "group.header": (
        "{count} {noun} {description}, per {by}: {parts}.",
        "{count} {noun} {description}, per {by}: {parts}.",
    ),
    "group.most": (
        "{winners} {verb} de meeste {noun} {description}: {best} van de {count}.",
        "{winners} {verb} the most {noun} {description}: {best} of {count}.",
    ),
    "group.least": (
        "{winners} {verb} de minste {noun} {description}: {best} van de {count}.",
        "{winners} {verb} the fewest {noun} {description}: {best} of {count}.",
    ),
    "group.then": ("Daarna: {parts}.", "Then: {parts}."),
    "group.rest": ("De andere: {parts}.", "The others: {parts}."),
    "group.none": (
        "Het actieplan telt geen {noun} {description}.",
        "The action plan has no {noun} {description}.",
    ),
    "group.by.domain": ("focusdomein", "focus domain"),
    "group.by.objective": ("operationele doelstelling", "operational objective"),
    "group.by.organisation": ("organisatie", "organisation"),
    "group.has": ("heeft", "has"),
    "group.have": ("hebben", "have"),
    "group.line": ("{group}: {ids}.", "{group}: {ids}."),
    # A domain or objective in short.
    "summary.domain": (
        "Focusdomein {code} ({name}) telt {count} acties onder {objectives} operationele doelstellingen; "
        "{keys} ervan zijn sleutelacties.",
        "Focus domain {code} ({name}) has {count} actions under {objectives} operational objectives; {keys} of "
        "them are key actions.",
    ),
    "summary.aim": ("Strategische doelstelling: {text}", "Strategic objective: {text}"),
    "summary.objective": ("• {id} {title}: {ids}.", "• {id} {title}: {ids}."),
    "summary.state": (
        "Vandaag ({today}): {running} lopen, {planned} gepland of in voorbereiding, {finished} volgens de planning "
        "afgerond.",
        "Today ({today}): {running} running, {planned} planned or in preparation, {finished} finished by the "
        "plan's timing.",
    ),
    "links.plan": ("Het plan verwijst zelf naar {links}.", "The plan itself refers to {links}."),
    # Follow-up questions a company would ask, and examples after a request that is no question.
    "suggest.when_ready": ("Wanneer is {id} klaar?", "When will {id} be ready?"),
    "suggest.who_helps": ("Wie kan me hierbij helpen?", "Who can help me with this?"),
    "suggest.example_now": ("Welke acties lopen nu rond PFAS?", "Which actions on PFAS are running now?"),
    "suggest.example_support": (
        "Welke steun is er voor waterhergebruik in een kmo?",
        "What support is there for water reuse in an SME?",
    ),
    # A clarifying question instead of a guess.
    "clarify.which": (
        "{which} {noun} bedoel je? Het plan noemt er {count}: {options}.",
        "{which} {noun} do you mean? The plan names {count}: {options}.",
    ),
    "clarify.which_neuter": ("Welk", "Which"),
    "clarify.which_common": ("Welke", "Which"),
    # Follow-ups over two earlier subjects.
    "both.common": ("In beide: {names}.", "In both: {names}."),
    "both.none_common": ("Geen organisatie zit in beide.", "No organisation is in both."),
}
