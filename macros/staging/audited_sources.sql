{% macro audited_sources() -%}
    {#- Every raw table of the contract with the base model that gives each of its rows a fate.
        rejected_source_rows and source_row_reconciliation read this list, so a new raw table
        is audited by adding one line here. -#}
    {{ return([
        {'source': 'crm', 'table': 'crm_accounts', 'base': 'base_crm__accounts', 'id': 'account_id'},
        {'source': 'crm', 'table': 'crm_contacts', 'base': 'base_crm__contacts', 'id': 'contact_id'},
        {'source': 'crm', 'table': 'crm_subscriptions', 'base': 'base_crm__subscriptions', 'id': 'subscription_id'},
        {'source': 'crm', 'table': 'crm_nps_responses', 'base': 'base_crm__nps_responses', 'id': 'nps_response_id'},
        {'source': 'crm', 'table': 'crm_cs_activities', 'base': 'base_crm__cs_activities', 'id': 'cs_activity_id'},
        {'source': 'product', 'table': 'product_events', 'base': 'base_product__events', 'id': 'event_id'},
        {'source': 'support', 'table': 'support_tickets', 'base': 'base_support__tickets', 'id': 'ticket_id'},
        {'source': 'billing', 'table': 'billing_invoices', 'base': 'base_billing__invoices', 'id': 'invoice_id'},
    ]) }}
{%- endmacro %}
