"""schema.org `JobPosting` markup for public opening pages (Google for Jobs and others)."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from dualcareer.openings.models import ContractType, Opening, WorkingTime

# Characters that could end the <script> element or open a comment, as in json_script.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

_EMPLOYMENT: dict[str, list[str]] = {
    WorkingTime.FULL_TIME: ["FULL_TIME"],
    WorkingTime.PART_TIME: ["PART_TIME"],
    WorkingTime.EITHER: ["FULL_TIME", "PART_TIME"],
}
_CONTRACT: dict[str, str] = {
    ContractType.FIXED_TERM: "TEMPORARY",
    ContractType.TRAINEESHIP: "INTERN",
    ContractType.FREELANCE: "CONTRACTOR",
}


def job_posting_data(opening: Opening, url: str) -> dict[str, Any]:
    """The JobPosting of one opening as a dictionary."""
    institution = opening.institution
    employment = list(_EMPLOYMENT.get(opening.working_time, []))
    if opening.contract_type in _CONTRACT:
        employment.append(_CONTRACT[opening.contract_type])
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": opening.title,
        "description": opening.description,
        "inLanguage": opening.text_language,
        "identifier": {
            "@type": "PropertyValue",
            "name": institution.name,
            "value": opening.reference or str(opening.public_id),
        },
        "datePosted": (opening.published_at or opening.created_at).date().isoformat(),
        "employmentType": employment,
        "hiringOrganization": {
            "@type": "Organization",
            "name": institution.name,
            **({"sameAs": institution.website} if institution.website else {}),
        },
        "url": url,
    }
    if opening.closing_date:
        data["validThrough"] = opening.closing_date.isoformat()
    if opening.start_date:
        data["jobStartDate"] = opening.start_date.isoformat()
    places = list(opening.places.all())
    if places:
        data["jobLocation"] = [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    **({"streetAddress": p.street} if p.street else {}),
                    **({"postalCode": p.postcode} if p.postcode else {}),
                    **({"addressLocality": p.city} if p.city else {}),
                    "addressCountry": "DE",
                },
            }
            for p in places
        ]
    if opening.remote_share >= 100:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "DE"}
    if opening.salary_min or opening.salary_max:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": "YEAR"}
        if opening.salary_min:
            value["minValue"] = opening.salary_min
        if opening.salary_max:
            value["maxValue"] = opening.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    if opening.apply_url:
        data["directApply"] = False
    return data


def job_posting(opening: Opening, url: str) -> SafeString:
    """The JobPosting as JSON that is safe inside <script type="application/ld+json">."""
    text = json.dumps(job_posting_data(opening, url), ensure_ascii=False, sort_keys=True)
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 - escaped like json_script
