-- Files that could not become articles in the latest state of the input, and why.
select * from {{ ref('stg_quarantine') }}
